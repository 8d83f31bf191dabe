using System.Net;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// "An acknowledgement means replicated" (issue 17, Database failover). When a commit's wait for the
/// synchronous standby is cancelled, PostgreSQL keeps the local commit, reports success and sends only a
/// WARNING notice (syncrep.c: "canceling wait for synchronous replication due to user request", detail "The
/// transaction has already committed locally, but might not have been replicated to the standby."). Ibis must
/// answer 503 <c>commit_not_replicated</c> instead of the success, and the client's retry with the same
/// Idempotency-Key must replay the stored answer where the commit survived and print again where it was lost.
/// </summary>
/// <remarks>
/// No standby here, and nothing global changed on the shared server: the test's own database gets a deferred
/// constraint trigger on <c>indicia</c> that, once armed, raises that very WARNING while COMMIT runs — the notice
/// reaches Npgsql inside the COMMIT's answer, as the real one does. (The real one comes after the local commit,
/// this one just before it; the commit succeeds either way.) A lost commit is a failover to a standby that
/// never got it: the database is copied before the print and the copy put in its place afterwards.
/// </remarks>
public sealed class ReplicatedCommitTests : IDisposable
{
    private readonly Lazy<IbisApp> _app = new(() => new IbisApp(DatabaseKind.Postgres, settings: new Dictionary<string, string>
    {
        ["Ibis:Scheduler:Enabled"] = "false",
    }));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
    }

    private async Task<NpgsqlConnection> Open(string? database = null)
    {
        var cs = new NpgsqlConnectionStringBuilder(App.ConnectionString!) { Pooling = false };
        if (database is not null) cs.Database = database;
        var conn = new NpgsqlConnection(cs.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The next commit that inserts an indicium gets the notice of a cancelled synchronous-replication wait.</summary>
    private async Task ArmCancelledReplicationWait()
    {
        await using var conn = await Open();
        await Exec(conn, """
            CREATE TABLE IF NOT EXISTS test_replication_wait (armed boolean NOT NULL);
            CREATE OR REPLACE FUNCTION test_replication_wait_cancelled() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM test_replication_wait) THEN
                DELETE FROM test_replication_wait;
                RAISE WARNING 'canceling wait for synchronous replication due to user request'
                  USING DETAIL = 'The transaction has already committed locally, but might not have been replicated to the standby.';
              END IF;
              RETURN NULL;
            END $$;
            DROP TRIGGER IF EXISTS test_replication_wait_cancelled ON indicia;
            CREATE CONSTRAINT TRIGGER test_replication_wait_cancelled AFTER INSERT ON indicia
              DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_replication_wait_cancelled();
            INSERT INTO test_replication_wait VALUES (true);
            """);
    }

    private static async Task AssertNotReplicated(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Body();
        Assert.Equal("commit_not_replicated", (string?)body["code"]);
    }

    [SkippableFact]
    public async Task CancelledReplicationWait_Is503_AndTheRetryReplaysTheCommitThatSurvived()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await client.Snapshot(who.DeviceId);
        await ArmCancelledReplicationWait();

        await AssertNotReplicated(await client.Print(who.DeviceId, key: "kept-1"));
        // The primary kept the commit: the piece is there, once.
        var device = await client.Device(who.DeviceId);
        Assert.Equal("0.740", device.Amount("ascending_register"));
        Assert.Equal(1, (int)device["piece_count"]!);

        var retry = await client.Print(who.DeviceId, key: "kept-1");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.TryGetValues("Idempotency-Replay", out var v) ? v.Single() : null);
        Assert.Equal(1, (int)(await retry.Body())["piece_number"]!);
        device = await client.Device(who.DeviceId);
        Assert.Equal("0.740", device.Amount("ascending_register"));
        Assert.Equal(1, (int)device["piece_count"]!);
        Assert.NotEqual(before, await client.Snapshot(who.DeviceId));

        // The trigger fired once: the next print is acknowledged as usual.
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId, key: "kept-2")).StatusCode);
    }

    [SkippableFact]
    public async Task CancelledReplicationWait_Is503_AndTheRetryPrintsAgainWhereTheCommitWasLost()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var name = App.DatabaseName!;
        var standby = name + "_sb";
        await ArmCancelledReplicationWait();
        // The "standby": a copy of the database as it is before the print (CREATE DATABASE … TEMPLATE needs the source idle).
        NpgsqlConnection.ClearAllPools();
        await using (var admin = await Open("postgres"))
        {
            await Exec(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
            await Exec(admin, $"CREATE DATABASE {standby} TEMPLATE {name}");
        }
        NpgsqlConnection.ClearAllPools();

        await AssertNotReplicated(await client.Print(who.DeviceId, key: "lost-1"));

        // Failover: the primary with the unreplicated commit is gone; the standby, without it, takes its place.
        NpgsqlConnection.ClearAllPools();
        await using (var admin = await Open("postgres"))
        {
            await Exec(admin, $"DROP DATABASE {name} WITH (FORCE)");
            await Exec(admin, $"ALTER DATABASE {standby} RENAME TO {name}");
        }
        NpgsqlConnection.ClearAllPools();
        await using (var conn = await Open()) await Exec(conn, "DELETE FROM test_replication_wait; DROP TRIGGER test_replication_wait_cancelled ON indicia");

        var lostDevice = await client.Device(who.DeviceId);
        Assert.Equal(0, (int)lostDevice["piece_count"]!);

        var retry = await client.Print(who.DeviceId, key: "lost-1");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotency-Replay"));
        Assert.Equal(1, (int)(await retry.Body())["piece_number"]!);
        var device = await client.Device(who.DeviceId);
        Assert.Equal("0.740", device.Amount("ascending_register"));
        Assert.Equal(1, (int)device["piece_count"]!);
        Assert.Equal("in_service", (string?)device["status"]);
        // And it is stored: a second retry replays it.
        var again = await client.Print(who.DeviceId, key: "lost-1");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotency-Replay"));
    }
}
