using System.Data.Common;
using System.Globalization;
using Ibis.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ibis.Server.Verification;

/// <summary>An authentic piece seen on the mail: its device, piece number and date of mailing, where and when.</summary>
public readonly record struct Sighting(string DeviceId, long Piece, DateOnly MailingDate, string Site, DateTimeOffset ScannedAt);

/// <summary>The first scan of a piece, named in a <c>duplicate</c> verdict.</summary>
public sealed record FirstScan(string Site, DateTimeOffset ScannedAt);

/// <summary>
/// The durable memory of which pieces were already on the mail (<see cref="ScanStoreSchema"/>). The
/// database's unique key decides which sighting is first, so the answer holds across requests, nodes and
/// concurrent requests: an insert that meets an existing key (or waits for a concurrent one to commit, on
/// PostgreSQL) is a copy. Writes are batched: one statement per chunk of sightings, one transaction per
/// request. Nothing is kept in memory beyond the request.
/// </summary>
public sealed class ScanStore(IbisDb db, TimeProvider clock)
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

    /// <summary>Inserts what is new; returns the stored first scans of the pieces that were already there.</summary>
    private async Task<Dictionary<(string, long, DateOnly), FirstScan>> InsertPostgres(List<Sighting> rows, IDbContextTransaction tx, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var now = clock.GetUtcNow().ToUniversalTime();
        var devices = rows.Select(r => r.DeviceId).ToArray();
        var pieces = rows.Select(r => r.Piece).ToArray();
        var dates = rows.Select(r => r.MailingDate).ToArray();
        var inserted = new HashSet<(string, long, DateOnly)>();
        await using (var insert = Command(conn, tx, $"""
            INSERT INTO {ScanStoreSchema.Table} (device_id, piece_number, mailing_date, site, scanned_at, recorded_at)
            SELECT d, p, m, s, t, @now FROM unnest(@d, @p, @m, @s, @t) AS u(d, p, m, s, t)
            ON CONFLICT DO NOTHING RETURNING device_id, piece_number, mailing_date
            """))
        {
            Add(insert, "d", devices);
            Add(insert, "p", pieces);
            Add(insert, "m", dates);
            Add(insert, "s", rows.Select(r => r.Site).ToArray());
            Add(insert, "t", rows.Select(r => r.ScannedAt.ToUniversalTime()).ToArray());
            Add(insert, "now", now);
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                inserted.Add((reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateOnly>(2)));
        }
        var found = new Dictionary<(string, long, DateOnly), FirstScan>();
        if (inserted.Count == rows.Count) return found;
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
