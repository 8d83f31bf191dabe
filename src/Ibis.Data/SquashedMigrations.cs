using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

/// <summary>
/// Before the first release the migrations were squashed into one baseline per provider. A database
/// made by the old chain already has the baseline's schema (proven by the data tests' schema
/// comparison), so it is recorded as being at the baseline instead of having the baseline run on it.
/// </summary>
public static class SquashedMigrations
{
    // The last migration of each provider's old chain.
    private const string LastSqlite = "20261205083136_LiveOperationData";
    private const string LastPostgres = "20261205083207_LiveOperationData";

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
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({0}, {1})", [baseline, version], ct);
    }
}
