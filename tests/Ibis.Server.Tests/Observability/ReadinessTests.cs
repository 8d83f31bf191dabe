using System.Net;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Observability;

/// <summary>
/// /health/ready turns unhealthy when the database cannot be reached, while /health/live stays
/// healthy (the process is fine; a balancer should stop sending work, an orchestrator should not
/// restart it). Each test has its own app: it breaks the database on purpose.
/// </summary>
public sealed class ReadinessTests
{
    private static async Task<(HttpStatusCode Status, string Database)> Ready(IbisApp app)
    {
        var response = await app.CreateClient().GetAsync("/health/ready");
        var body = await response.Body();
        return (response.StatusCode, (string)body["checks"]!["database"]!["status"]!);
    }

    [SkippableFact]
    public async Task Ready_IsUnhealthy_WhenPostgresRefusesConnections()
    {
        using var app = new IbisApp(DatabaseKind.Postgres);
        Assert.Equal((HttpStatusCode.OK, "healthy"), await Ready(app));

        var admin = Requires.Postgres();
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                $"ALTER DATABASE {app.DatabaseName} ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{app.DatabaseName}'", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "unhealthy"), await Ready(app));
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"ALTER DATABASE {app.DatabaseName} ALLOW_CONNECTIONS true", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Ready_IsUnhealthy_WhenTheSqliteFileIsNoLongerADatabase()
    {
        using var app = new IbisApp(DatabaseKind.Sqlite, settings: new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false", ["Ibis:Webhooks:Enabled"] = "false" });
        Assert.Equal((HttpStatusCode.OK, "healthy"), await Ready(app));

        SqliteConnection.ClearAllPools();
        var file = Path.Combine(app.DataDirectory, "ibis.db");
        foreach (var side in new[] { file + "-wal", file + "-shm" }) File.Delete(side);
        await File.WriteAllTextAsync(file, new string('x', 8192)); // a disk that lost the database

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unhealthy"), await Ready(app));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/live")).StatusCode);
    }
}
