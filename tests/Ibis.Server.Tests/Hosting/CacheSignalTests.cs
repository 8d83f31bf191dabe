using System.Net;
using Ibis.Server.Auth;
using Ibis.Server.Organisations;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Server.Tests.Rates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 17, several nodes on one PostgreSQL database: a write of a cached table on node A reaches node
/// B's caches through the cache signal (NOTIFY/LISTEN), not through their entries' lifetimes. The
/// lifetimes here are a minute and B's clock does not move, so an entry could never expire during a
/// test: only the signal can explain B seeing the change. (A wait of up to a few seconds is allowed for
/// the notice to travel; it is far below the lifetime and is not a timing assertion.)
/// </summary>
[Collection("postgres")]
public sealed class CacheSignalTests : IDisposable
{
    private static readonly Dictionary<string, string> LongCaches = new()
    {
        ["Ibis:Scheduler:Enabled"] = "false", ["Ibis:Auth:ApiKeyCacheMilliseconds"] = "60000", ["Ibis:ReferenceCacheMilliseconds"] = "60000",
    };

    // 15:00 UTC: the same calendar day in UTC and in every US time zone.
    private readonly SettableClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(15), TimeSpan.Zero));
    private IbisApp? _first;
    private IbisApp? _second;

    private IbisApp NodeA => _first ??= new IbisApp(DatabaseKind.Postgres, _clock, LongCaches);
    private IbisApp NodeB => _second ??= new IbisApp(NodeA, LongCaches);

    public void Dispose()
    {
        _second?.Dispose();
        _first?.Dispose();
    }

    [SkippableFact]
    public async Task AnApiKeyRevokedOnNodeA_IsRefusedOnNodeB_AtOnce()
    {
        await BothListening();
        var who = await NodeA.NewLicensee();
        var onB = NodeB.ClientFor(who.ApiKey);
        await Warm(onB, who.DeviceId);

        // The control: a revocation no node hears of (written past EF with the table's signal trigger off) leaves B's entry in use.
        var other = await NodeA.NewLicensee();
        var otherOnB = NodeB.ClientFor(other.ApiKey);
        await Warm(otherOnB, other.DeviceId);
        await RawSql($"""
            BEGIN;
            ALTER TABLE api_keys DISABLE TRIGGER cache_signal;
            UPDATE api_keys SET "RevokedAt" = now() WHERE "LicenseeId" = '{other.LicenseeId}';
            ALTER TABLE api_keys ENABLE TRIGGER cache_signal;
            COMMIT;
            """);
        Assert.Equal(HttpStatusCode.OK, (await otherOnB.GetAsync($"/v1/devices/{other.DeviceId}")).StatusCode);

        // Revoked through the use case on A: B refuses it.
        await Revoke(NodeA, who.ApiKey);
        await Eventually(async () => (await onB.GetAsync($"/v1/devices/{who.DeviceId}")).StatusCode == HttpStatusCode.Unauthorized, "revoked on A");
        await BadInputTests.AssertProblem(await onB.Print(who.DeviceId), 401, "api_key_invalid", null, "revoked on A, printing on B");
    }

    [SkippableFact]
    public async Task AnApiKeyRevokedPastIbis_IsRefusedOnEveryNode_AtOnce()
    {
        await BothListening();
        var who = await NodeA.NewLicensee();
        var onA = NodeA.ClientFor(who.ApiKey);
        var onB = NodeB.ClientFor(who.ApiKey);
        await Warm(onA, who.DeviceId);
        await Warm(onB, who.DeviceId);

        // Another process (psql, a script): no Ibis interceptor sees the statement; the table's trigger sends the notice.
        await RawSql($"UPDATE api_keys SET \"RevokedAt\" = now() WHERE \"LicenseeId\" = '{who.LicenseeId}'");
        await Eventually(async () => (await onA.GetAsync($"/v1/devices/{who.DeviceId}")).StatusCode == HttpStatusCode.Unauthorized, "revoked in psql, on A");
        await Eventually(async () => (await onB.GetAsync($"/v1/devices/{who.DeviceId}")).StatusCode == HttpStatusCode.Unauthorized, "revoked in psql, on B");
        await BadInputTests.AssertProblem(await onB.Print(who.DeviceId), 401, "api_key_invalid", null, "revoked in psql, printing on B");
    }

    [SkippableFact]
    public async Task EveryWatchedTableHasItsSignalTrigger()
    {
        await BothListening();
        await using var conn = await Open();
        await using var cmd = new NpgsqlCommand("SELECT c.relname || ' ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE 'cache\\_signal%'", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var triggers = new HashSet<string>();
        while (await reader.ReadAsync()) triggers.Add(reader.GetString(0));
        foreach (var table in TableGenerations.Watched) Assert.Contains($"{table} cache_signal", triggers);
        Assert.Contains("devices cache_signal_standing", triggers);
    }

    [SkippableFact]
    public async Task ARateTableImportedOnNodeA_PricesOnNodeB_AtOnce()
    {
        await BothListening();
        var who = await NodeA.NewLicensee();
        var onB = NodeB.ClientFor(who.ApiKey);
        var quote = $"/v1/rates/quote?mail_class=first_class&rate_category=letter&weight_oz=1&mailing_date={PriceLists.Date(_clock.GetUtcNow(), 2)}";
        Assert.Equal("0.740", (string)(await (await onB.GetAsync(quote)).Body())["amount_due"]!["amount"]!);
        Assert.Equal("0.740", (string)(await (await onB.GetAsync(quote)).Body())["amount_due"]!["amount"]!); // from B's cache

        var imported = await NodeA.Postal().PostRaw("/v1/rate-tables", PriceLists.Edited("signal-1", DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(2)));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);

        await Eventually(async () => (string?)(await (await onB.GetAsync(quote)).Body())["amount_due"]!["amount"] == "0.800", "imported on A");
    }

    [SkippableFact]
    public async Task ALostListeningConnection_IsMadeAgain_AndTheSignalResumes()
    {
        await BothListening();
        var before = await ListenerPids();
        Assert.Equal(2, before.Count);
        await RawSql($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{CacheSignalListener.ApplicationName}' AND datname = current_database()");
        await Eventually(async () => { var now = await ListenerPids(); return now.Count == 2 && !now.Overlaps(before); }, "both nodes listening again");
        await BothListening();

        var who = await NodeA.NewLicensee();
        var onB = NodeB.ClientFor(who.ApiKey);
        await Warm(onB, who.DeviceId);
        await Revoke(NodeA, who.ApiKey);
        await Eventually(async () => (await onB.GetAsync($"/v1/devices/{who.DeviceId}")).StatusCode == HttpStatusCode.Unauthorized, "revoked on A after the reconnection");
    }

    private static async Task Warm(HttpClient client, string deviceId)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/devices/{deviceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/devices/{deviceId}")).StatusCode);
    }

    private static async Task Revoke(IbisApp node, string apiKey)
    {
        var hash = ApiKeys.Hash(apiKey);
        var key = await node.WithDb(db => db.ApiKeys.AsNoTracking().Where(k => k.Hash == hash).Select(k => new { k.Id, k.LicenseeId }).SingleAsync());
        await using var scope = node.Services.CreateAsyncScope();
        var admin = new Caller("usr_test_admin", Caller.LicenseeRole, key.LicenseeId, null, TestMode: true) { IsAdministrator = true };
        await scope.ServiceProvider.GetRequiredService<RevokeApiKey>().Handle(admin, key.Id, default);
    }

    private async Task BothListening() =>
        await Eventually(() => Task.FromResult(
            NodeA.Services.GetRequiredService<CacheSignalListener>().Listening && NodeB.Services.GetRequiredService<CacheSignalListener>().Listening), "both nodes listening");

    // Polls for up to 15 s — a quarter of the caches' lifetime, which B's unmoving clock never reaches anyway.
    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail($"not seen: {what}");
    }

    private async Task<HashSet<int>> ListenerPids()
    {
        await using var conn = await Open();
        await using var cmd = new NpgsqlCommand($"SELECT pid FROM pg_stat_activity WHERE application_name = '{CacheSignalListener.ApplicationName}' AND datname = current_database()", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var pids = new HashSet<int>();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }

    private async Task RawSql(string sql)
    {
        await using var conn = await Open();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> Open()
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(NodeA.ConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }
}
