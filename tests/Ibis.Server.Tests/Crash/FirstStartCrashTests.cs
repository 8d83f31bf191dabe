using Ibis.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Ibis.Server.Tests.Crash;

/// <summary>
/// A kill during the very first start, while the sandbox world is being created, must not leave a
/// half-made sandbox behind: after the restart there is a device with DR $100.000 and the
/// credentials to use it.
/// </summary>
public sealed class FirstStartCrashTests
{
    [Fact]
    public async Task KillDuringSandboxCreation_RestartCompletesTheSandbox()
    {
        using var target = CrashTarget.Sqlite();
        var db = Path.Combine(target.DataDirectory, "ibis.db");
        using (var first = ServerProcess.Launch(target.Environment, target.DataDirectory))
        {
            // Kill as soon as the device row is committed (before its first reset and the credentials file).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !first.HasExited)
            {
                if (File.Exists(db) && await Count(db, "devices") > 0) break;
                await Task.Delay(2);
            }
            first.Kill();
        }
        using var second = await ServerProcess.Start(target.Environment, target.DataDirectory);

        Assert.True(File.Exists(Path.Combine(target.DataDirectory, "sandbox-credentials.json")), "no sandbox credentials after the restart");
        Assert.Equal(1, await Count(db, "resets"));
    }

    private static async Task<long> Count(string db, string table)
    {
        try
        {
            await using var conn = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT count(*) FROM {table}";
            return (long)(await cmd.ExecuteScalarAsync() ?? 0L);
        }
        catch (SqliteException)
        {
            return 0; // not migrated yet
        }
    }
}
