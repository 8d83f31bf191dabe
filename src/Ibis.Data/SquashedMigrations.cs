using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

/// <summary>
/// Before the first release the migrations were squashed into one baseline per provider (twice: the
/// second squash folded the first baseline and the eighteen migrations after it, DeviceLifecycle … Ret).
/// A database made by the replaced chain, brought to its last migration, already has the baseline's
/// schema (proven by the data tests' schema comparison), so it is recorded as being at the baseline
/// instead of having the baseline run on it. A database stopped anywhere earlier in that chain is refused.
/// </summary>
public static class SquashedMigrations
{
    // The last migration of each provider's replaced chain.
    private const string LastSqlite = "20261206002623_Ret";
    private const string LastPostgres = "20261206002720_Ret";

    public static async Task AdoptOldChain(IbisDb db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (applied.Count == 0) return;
        var baseline = db.Database.GetMigrations().First();
        if (applied.Contains(baseline)) return;
        if (!applied.Contains(db.IsPostgres ? LastPostgres : LastSqlite))
            throw new InvalidOperationException(
                "This database was made by a development build older than the migration baseline and cannot be upgraded; start from a new database.");
        var version = typeof(DbContext).Assembly.GetName().Version!.ToString(3);
        // Two nodes starting at once on one PostgreSQL database may both get here: the second insert is a no-op.
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({0}, {1}) ON CONFLICT DO NOTHING", [baseline, version], ct);
    }
}
