using System.Data.Common;
using System.Globalization;
using Ibis.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ibis.Server.Verification;

/// <summary>An authentic piece seen on the mail: its device, piece number and date of mailing, where and when.</summary>
internal readonly record struct Sighting(string DeviceId, long Piece, DateOnly MailingDate, string Site, DateTimeOffset ScannedAt);

/// <summary>The first scan of a piece, named in a <c>duplicate</c> verdict.</summary>
internal sealed record FirstScan(string Site, DateTimeOffset ScannedAt);

/// <summary>
/// The durable memory of which pieces were already on the mail (<see cref="ScanStoreSchema"/>). The
/// database's unique key decides which sighting is first, so the answer holds across requests, nodes and
/// concurrent requests: an insert that meets an existing key (or waits for a concurrent one to commit, on
/// PostgreSQL) is a copy. Writes are batched, one transaction per request: on PostgreSQL the whole batch by
/// binary COPY and one INSERT … SELECT, on SQLite one prepared statement rebound per row. Nothing is kept in
/// memory beyond the request.
/// </summary>
internal sealed class ScanStore(IbisDb db, TimeProvider clock)
{
    /// <summary>
    /// Records the sightings, inside the caller's transaction, and answers, for each, null when it is the piece's first sighting or the first
    /// scan it copies. Within one batch the earlier event of the same piece counts as the first.
    /// </summary>
    public async Task<FirstScan?[]> Record(IReadOnlyList<Sighting> sightings, CancellationToken ct)
    {
        var answers = new FirstScan?[sightings.Count];
        if (sightings.Count == 0) return answers;
        var firstIndex = new Dictionary<(string, long, DateOnly), int>();
        var unique = new List<int>();
        for (var i = 0; i < sightings.Count; i++)
        {
            var s = sightings[i];
            if (firstIndex.TryAdd((s.DeviceId, s.Piece, s.MailingDate), i)) unique.Add(i);
        }

        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("the scan store writes inside the command's transaction (CommandPipeline)");
        var rows = unique.Select(i => sightings[i]).ToList();
        var earlier = db.IsPostgres ? await InsertPostgres(rows, tx, ct) : await InsertSqlite(rows, tx, ct);

        for (var i = 0; i < sightings.Count; i++)
        {
            var s = sightings[i];
            var key = (s.DeviceId, s.Piece, s.MailingDate);
            if (earlier.TryGetValue(key, out var stored)) answers[i] = stored;
            else if (firstIndex[key] != i) answers[i] = new FirstScan(sightings[firstIndex[key]].Site, sightings[firstIndex[key]].ScannedAt);
        }
        return answers;
    }

    /// <summary>
    /// Inserts what is new; returns the stored first scans of the pieces that were already there. The batch
    /// goes to the server by binary COPY into a per-session staging table (the cheapest way to move many rows
    /// into PostgreSQL: no SQL text, no parameters, a compact binary stream), then one INSERT … SELECT moves it
    /// into the scan store. COPY itself knows no ON CONFLICT, so the unique key still decides here: a row that
    /// meets an existing key (or waits for a concurrent one to commit) is skipped and reported as a copy.
    /// </summary>
    private async Task<Dictionary<(string, long, DateOnly), FirstScan>> InsertPostgres(List<Sighting> rows, IDbContextTransaction tx, CancellationToken ct)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var now = clock.GetUtcNow().ToUniversalTime();
        // ON COMMIT DELETE ROWS: the staging rows never outlive the request's transaction, and a rolled-back
        // transaction takes them (and the table, when it made it) with it.
        await using (var create = Command(conn, tx, $"""
            CREATE TEMP TABLE IF NOT EXISTS {Staging} (
                device_id text NOT NULL, piece_number bigint NOT NULL, mailing_date date NOT NULL,
                site text NOT NULL, scanned_at timestamptz NOT NULL) ON COMMIT DELETE ROWS
            """))
            await create.ExecuteNonQueryAsync(ct);
        await using (var import = await conn.BeginBinaryImportAsync(
            $"COPY {Staging} (device_id, piece_number, mailing_date, site, scanned_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows)
            {
                await import.StartRowAsync(ct);
                await import.WriteAsync(r.DeviceId, NpgsqlDbType.Text, ct);
                await import.WriteAsync(r.Piece, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(r.MailingDate, NpgsqlDbType.Date, ct);
                await import.WriteAsync(r.Site, NpgsqlDbType.Text, ct);
                await import.WriteAsync(r.ScannedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            }
            await import.CompleteAsync(ct);
        }

        var inserted = new HashSet<(string, long, DateOnly)>();
        await using (var insert = Command(conn, tx, $"""
            INSERT INTO {ScanStoreSchema.Table} (device_id, piece_number, mailing_date, site, scanned_at, recorded_at)
            SELECT device_id, piece_number, mailing_date, site, scanned_at, @now FROM {Staging}
            ON CONFLICT DO NOTHING RETURNING device_id, piece_number, mailing_date
            """))
        {
            Add(insert, "now", now);
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                inserted.Add((reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateOnly>(2)));
        }
        // Emptied now, not only at commit: a second batch in the same transaction starts from nothing.
        await using (var truncate = Command(conn, tx, $"TRUNCATE {Staging}"))
            await truncate.ExecuteNonQueryAsync(ct);

        var found = new Dictionary<(string, long, DateOnly), FirstScan>();
        if (inserted.Count == rows.Count) return found;
        // A statement of its own, so it sees a concurrent request's rows that committed while the insert waited.
        var conflicts = rows.Where(r => !inserted.Contains((r.DeviceId, r.Piece, r.MailingDate))).ToList();
        await using var select = Command(conn, tx, $"""
            SELECT s.device_id, s.piece_number, s.mailing_date, s.site, s.scanned_at
            FROM {ScanStoreSchema.Table} s JOIN unnest(@d, @p, @m) AS k(d, p, m) ON s.device_id = k.d AND s.piece_number = k.p AND s.mailing_date = k.m
            """);
        Add(select, "d", conflicts.Select(r => r.DeviceId).ToArray());
        Add(select, "p", conflicts.Select(r => r.Piece).ToArray());
        Add(select, "m", conflicts.Select(r => r.MailingDate).ToArray());
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                found[(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateOnly>(2))] =
                    new FirstScan(reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));
        }
        return found;
    }

    /// <summary>The per-session staging table of a batch on its way into the scan store (PostgreSQL).</summary>
    private const string Staging = "scanned_pieces_batch";

    // SQLite runs one prepared statement per row, rebinding its parameters: inside one transaction that
    // is a few microseconds a row, where a statement of thousands of rows spends its time binding
    // parameters by name (SQLite looks each name up in a list).
    private async Task<Dictionary<(string, long, DateOnly), FirstScan>> InsertSqlite(List<Sighting> rows, IDbContextTransaction tx, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var found = new Dictionary<(string, long, DateOnly), FirstScan>();
        await using var insert = Command(conn, tx, $"""
            INSERT INTO {ScanStoreSchema.Table} (device_id, piece_number, mailing_date, site, scanned_at, recorded_at)
            VALUES (@d, @p, @m, @s, @t, @r) ON CONFLICT DO NOTHING
            """);
        var (d, p, m, s, t) = (Add(insert, "@d", ""), Add(insert, "@p", 0L), Add(insert, "@m", ""), Add(insert, "@s", ""), Add(insert, "@t", 0L));
        Add(insert, "@r", now);
        await insert.PrepareAsync(ct);
        await using var select = Command(conn, tx, $"SELECT site, scanned_at FROM {ScanStoreSchema.Table} WHERE device_id = @d AND piece_number = @p AND mailing_date = @m");
        var (sd, sp, sm) = (Add(select, "@d", ""), Add(select, "@p", 0L), Add(select, "@m", ""));
        foreach (var row in rows)
        {
            d.Value = row.DeviceId;
            p.Value = row.Piece;
            m.Value = Day(row.MailingDate);
            s.Value = row.Site;
            t.Value = row.ScannedAt.ToUnixTimeMilliseconds();
            if (await insert.ExecuteNonQueryAsync(ct) == 1) continue;
            (sd.Value, sp.Value, sm.Value) = (row.DeviceId, row.Piece, Day(row.MailingDate));
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                found[(row.DeviceId, row.Piece, row.MailingDate)] = new FirstScan(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
        }
        return found;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection conn, IDbContextTransaction tx, string sql)
    {
        var command = conn.CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
        return p;
    }
}
