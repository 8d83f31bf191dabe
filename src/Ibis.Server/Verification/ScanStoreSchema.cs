using System.Data.Common;
using System.Globalization;
using Ibis.Data;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Verification;

/// <summary>
/// The scan store's table, <c>scanned_pieces</c>: the first sighting of every authentic piece, keyed by
/// device, piece number and date of mailing. It is made and maintained by Ibis itself, not by the EF
/// migrations, because on PostgreSQL it is a table partitioned by range of the date of mailing (one
/// partition a month, created <see cref="MonthsAhead"/> months ahead, and a default partition for dates
/// outside them) — declarative partitioning that the migrations cannot express. A copied indicium carries
/// the same date as its original, so the unique key, which must contain the partition key, still catches
/// every copy. On SQLite it is one plain table. See docs/operations.md "Scan store".
/// </summary>
internal static class ScanStoreSchema
{
    public const string Table = "scanned_pieces";

    /// <summary>Monthly partitions kept ready ahead of today (PostgreSQL).</summary>
    public const int MonthsAhead = 3;

    /// <summary>Makes the table if it is missing and the partitions of this month, the last and the next <see cref="MonthsAhead"/>. Safe on several nodes at once.</summary>
    public static async Task<IReadOnlyList<string>> Maintain(IbisDb db, DateTimeOffset now, CancellationToken ct)
    {
        if (!db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TABLE IF NOT EXISTS {Table} (
                    device_id TEXT NOT NULL, piece_number INTEGER NOT NULL, mailing_date TEXT NOT NULL,
                    site TEXT NOT NULL, scanned_at INTEGER NOT NULL, recorded_at INTEGER NOT NULL,
                    PRIMARY KEY (device_id, piece_number, mailing_date)) WITHOUT ROWID
                """, ct);
            return [];
        }

        var made = new List<string>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            made.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Nodes starting together take turns; the lock ends with the transaction.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('ibis.scanned_pieces'))", ct);
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TABLE IF NOT EXISTS {Table} (
                    device_id text NOT NULL, piece_number bigint NOT NULL, mailing_date date NOT NULL,
                    site text NOT NULL, scanned_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL,
                    PRIMARY KEY (device_id, piece_number, mailing_date)) PARTITION BY RANGE (mailing_date)
                """, ct);
            await db.Database.ExecuteSqlRawAsync($"CREATE TABLE IF NOT EXISTS {Table}_default PARTITION OF {Table} DEFAULT", ct);
            var month = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
            for (var m = month.AddMonths(-1); m <= month.AddMonths(MonthsAhead); m = m.AddMonths(1))
            {
                var name = PartitionName(m);
                if (await Exists(db, name, ct)) continue;
                // A partition cannot take a range the default partition already holds rows of; such rows
                // (scans of pieces dated far from today) stay in the default partition, where they still count.
                if (await DefaultHolds(db, m, ct)) continue;
                await db.Database.ExecuteSqlRawAsync(string.Create(CultureInfo.InvariantCulture,
                    $"CREATE TABLE {name} PARTITION OF {Table} FOR VALUES FROM ('{m:yyyy-MM-dd}') TO ('{m.AddMonths(1):yyyy-MM-dd}')"), ct);
                made.Add(name);
            }
            await tx.CommitAsync(ct);
        });
        return made;
    }

    /// <summary>The partitions of the table (PostgreSQL), oldest first; the default partition last.</summary>
    public static async Task<IReadOnlyList<string>> Partitions(IbisDb db, CancellationToken ct)
    {
        if (!db.IsPostgres) return [];
        return await db.Database.SqlQueryRaw<string>($"""
            SELECT c.relname AS "Value" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = '{Table}'::regclass ORDER BY c.relname
            """).ToListAsync(ct);
    }

    public static string PartitionName(DateOnly month) => string.Create(CultureInfo.InvariantCulture, $"{Table}_y{month.Year:D4}m{month.Month:D2}");

    private static async Task<bool> Exists(IbisDb db, string name, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\" FROM pg_class WHERE relname = {0}", name).AnyAsync(ct);

    private static async Task<bool> DefaultHolds(IbisDb db, DateOnly month, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<int>($"SELECT 1 AS \"Value\" FROM {Table}_default WHERE mailing_date >= {{0}} AND mailing_date < {{1}}", month, month.AddMonths(1)).AnyAsync(ct);
}

/// <summary>Keeps the scan store ready: its table before the first request, then its partitions once a day.</summary>
public sealed class ScanStoreMaintenance(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ScanStoreMaintenance> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await Run(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Run(stoppingToken);
            }
            catch (DbException e)
            {
                // A failed round leaves the partitions made before; the next round tries again.
                log.LogWarning(e, "scan store maintenance failed; retrying in 24 hours");
            }
        }
    }

    private async Task Run(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var made = await ScanStoreSchema.Maintain(scope.ServiceProvider.GetRequiredService<IbisDb>(), clock.GetUtcNow(), ct);
        if (made.Count > 0) log.LogInformation("scan store: made partitions {Partitions}", string.Join(", ", made));
    }
}
