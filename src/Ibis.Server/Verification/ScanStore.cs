using System.Data.Common;
using System.Globalization;
using System.Text;
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
    // SQLite binds at most 32,766 parameters per statement; 5 per row.
    private const int SqliteChunk = 1_000;

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

    private async Task<Dictionary<(string, long, DateOnly), FirstScan>> InsertSqlite(List<Sighting> rows, IDbContextTransaction tx, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var found = new Dictionary<(string, long, DateOnly), FirstScan>();
        for (var start = 0; start < rows.Count; start += SqliteChunk)
        {
            var chunk = rows.Skip(start).Take(SqliteChunk).ToList();
            var inserted = new HashSet<(string, long, DateOnly)>();
            var sql = new StringBuilder($"INSERT INTO {ScanStoreSchema.Table} (device_id, piece_number, mailing_date, site, scanned_at, recorded_at) VALUES ");
            await using var insert = Command(conn, tx, "");
            for (var i = 0; i < chunk.Count; i++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}(@d{i},@p{i},@m{i},@s{i},@t{i},{now})");
                Add(insert, $"d{i}", chunk[i].DeviceId);
                Add(insert, $"p{i}", chunk[i].Piece);
                Add(insert, $"m{i}", Day(chunk[i].MailingDate));
                Add(insert, $"s{i}", chunk[i].Site);
                Add(insert, $"t{i}", chunk[i].ScannedAt.ToUnixTimeMilliseconds());
            }
            sql.Append(" ON CONFLICT DO NOTHING RETURNING device_id, piece_number, mailing_date");
            insert.CommandText = sql.ToString();
            await using (var reader = await insert.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                    inserted.Add((reader.GetString(0), reader.GetInt64(1), DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
            var conflicts = chunk.Where(r => !inserted.Contains((r.DeviceId, r.Piece, r.MailingDate))).ToList();
            if (conflicts.Count == 0) continue;
            var where = new StringBuilder();
            await using var select = Command(conn, tx, "");
            for (var i = 0; i < conflicts.Count; i++)
            {
                where.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : " OR ")}(device_id = @d{i} AND piece_number = @p{i} AND mailing_date = @m{i})");
                Add(select, $"d{i}", conflicts[i].DeviceId);
                Add(select, $"p{i}", conflicts[i].Piece);
                Add(select, $"m{i}", Day(conflicts[i].MailingDate));
            }
            select.CommandText = $"SELECT device_id, piece_number, mailing_date, site, scanned_at FROM {ScanStoreSchema.Table} WHERE {where}";
            await using var found2 = await select.ExecuteReaderAsync(ct);
            while (await found2.ReadAsync(ct))
                found[(found2.GetString(0), found2.GetInt64(1), DateOnly.ParseExact(found2.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture))] =
                    new FirstScan(found2.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(found2.GetInt64(4)));
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

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
