using System.Net;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Ibis.Server.Tests.Crash;

/// <summary>
/// Regression (found by the crash test): a process killed while holding EF Core's SQLite migration
/// lock left a row in __EFMigrationsLock, and every later start waited for it forever.
/// </summary>
public sealed class StaleMigrationLockTests
{
    [Fact]
    public async Task ALeftoverMigrationLock_DoesNotStopTheNextStart()
    {
        using var first = new IbisApp(DatabaseKind.Sqlite, freshDatabase: true);
        _ = first.Sandbox; // started, migrated from nothing, sandbox created
        await using (var conn = new SqliteConnection($"Data Source={Path.Combine(first.DataDirectory, "ibis.db")};Pooling=False"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL); " +
                              "INSERT OR IGNORE INTO \"__EFMigrationsLock\" VALUES (1, '2026-01-01 00:00:00+00:00');";
            await cmd.ExecuteNonQueryAsync();
        }

        using var restarted = new IbisApp(first);
        var start = Task.Run(() => restarted.CreateClient().GetAsync("/health"));
        var finished = await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.True(finished == start, "the server did not start with a leftover migration lock");
        Assert.Equal(HttpStatusCode.OK, (await start).StatusCode);
    }
}
