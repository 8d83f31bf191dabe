using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Webhooks;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Webhooks;

/// <summary>
/// Webhooks (issue 19.4) end to end: an organisation subscribes a real local HTTP receiver, a use case
/// raises an event in its own transaction, the dispatcher delivers it signed, the receiver verifies the
/// signature with the public key it was given, a 500 is retried with backoff, the delivery log shows
/// every attempt, and one licensee never sees another's endpoints or events.
/// Runs once on SQLite and once on PostgreSQL.
/// </summary>
public abstract class WebhookTests(Func<IbisApp> app)
{
    public static readonly IReadOnlyDictionary<string, string> FastDispatch = new Dictionary<string, string>
    {
        ["Ibis:Webhooks:PollSeconds"] = "0.2",
        ["Ibis:Webhooks:RetryBaseSeconds"] = "0.5",
        ["Ibis:Webhooks:MaxAttempts"] = "5",
        ["Ibis:Webhooks:WatchdogScanMinutes"] = "0.01",
    };

    protected IbisApp App => app();

    private static async Task<JsonNode> Subscribe(HttpClient client, string url, params string[] types)
    {
        var response = await client.PostJson("/v1/webhook_endpoints", new Dictionary<string, object> { ["url"] = url, ["event_types"] = types });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Body();
    }

    private static async Task ReportDefective(HttpClient client, string deviceId)
    {
        var response = await client.PostJson($"/v1/devices/{deviceId}/defect-report", new { details = "misregisters" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Delivery_IsSigned_AndVerifiesWithTheEndpointsPublicKey()
    {
        await using var receiver = await WebhookReceiver.Start();
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var endpoint = await Subscribe(client, receiver.BaseUrl + "/signed", "device.reported");
        Assert.Equal("webhook_endpoint", (string)endpoint["object"]!);
        var keyId = (string)endpoint["signing"]!["key_id"]!;
        var pem = (string)endpoint["signing"]!["public_key_pem"]!;

        await ReportDefective(client, who.DeviceId);
        var got = Assert.Single(await receiver.WaitFor("/signed"));

        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(pem);
        Assert.Null(WebhookSignature.Verify(got.Headers[WebhookSignature.Header], got.Body, publicKey, keyId, DateTimeOffset.UtcNow));
        var body = JsonNode.Parse(got.Body)!;
        Assert.Equal("device.reported", (string)body["type"]!);
        Assert.Equal(who.DeviceId, (string)body["data"]!["device_id"]!);
        Assert.Equal("defective", (string)body["data"]!["kind"]!);
        Assert.False((bool)body["livemode"]!);
        Assert.Equal((string)body["id"]!, got.Headers["Ibis-Event-Id"]);

        // A tampered body, a stale timestamp or another key id are refused by the same check.
        var tampered = (byte[])got.Body.Clone();
        tampered[^2] ^= 1;
        Assert.NotNull(WebhookSignature.Verify(got.Headers[WebhookSignature.Header], tampered, publicKey, keyId, DateTimeOffset.UtcNow));
        Assert.NotNull(WebhookSignature.Verify(got.Headers[WebhookSignature.Header], got.Body, publicKey, keyId, DateTimeOffset.UtcNow.AddMinutes(6)));
        Assert.NotNull(WebhookSignature.Verify(got.Headers[WebhookSignature.Header], got.Body, publicKey, "whk_other", DateTimeOffset.UtcNow));
    }

    [SkippableFact]
    public async Task Delivery_AnsweredWith500_IsRetried_AndTheLogShowsEveryAttempt()
    {
        await using var receiver = await WebhookReceiver.Start();
        receiver.FailFirst = 1;
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var endpoint = await Subscribe(client, receiver.BaseUrl + "/flaky", "device.reported");

        await ReportDefective(client, who.DeviceId);
        var got = await receiver.WaitFor("/flaky", count: 2);
        Assert.Equal(2, got.Count);
        Assert.Equal(got[0].Headers["Ibis-Event-Id"], got[1].Headers["Ibis-Event-Id"]);
        Assert.Equal(["1", "2"], got.Select(r => r.Headers["Ibis-Delivery-Attempt"]));

        JsonNode? delivery = null;
        for (var i = 0; i < 100 && (string?)delivery?["status"] != "delivered"; i++)
        {
            await Task.Delay(100);
            delivery = (await (await client.GetAsync($"/v1/webhook_endpoints/{endpoint["id"]}/deliveries")).Body())["data"]!.AsArray().Single();
        }
        Assert.Equal("delivered", (string)delivery!["status"]!);
        Assert.Equal(2, (int)delivery["attempts"]!);
        var attempts = delivery["attempt_log"]!.AsArray();
        Assert.Equal(500, (int)attempts[0]!["status_code"]!);
        Assert.Equal(200, (int)attempts[1]!["status_code"]!);
    }

    [SkippableFact]
    public async Task Licensees_NeverSeeEachOthersEndpointsOrEvents()
    {
        await using var receiver = await WebhookReceiver.Start();
        var a = await App.NewLicensee("Licensee A");
        var b = await App.NewLicensee("Licensee B");
        var clientA = App.ClientFor(a.ApiKey);
        var clientB = App.ClientFor(b.ApiKey);
        var endpointA = await Subscribe(clientA, receiver.BaseUrl + "/a", "device.reported");
        await Subscribe(clientB, receiver.BaseUrl + "/b", "device.reported", "deposit.cleared");

        await ReportDefective(clientA, a.DeviceId);
        var atA = Assert.Single(await receiver.WaitFor("/a"));
        Assert.Equal(a.DeviceId, (string)JsonNode.Parse(atA.Body)!["data"]!["device_id"]!);
        // B's own event proves B's endpoint works; A's event never went there.
        await ReportDefective(clientB, b.DeviceId);
        var atB = Assert.Single(await receiver.WaitFor("/b"));
        Assert.Equal(b.DeviceId, (string)JsonNode.Parse(atB.Body)!["data"]!["device_id"]!);

        var listB = (await (await clientB.GetAsync("/v1/webhook_endpoints")).Body())["data"]!.AsArray();
        Assert.DoesNotContain(listB, e => (string)e!["id"]! == (string)endpointA["id"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/v1/webhook_endpoints/{endpointA["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/v1/webhook_endpoints/{endpointA["id"]}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.DeleteAsync($"/v1/webhook_endpoints/{endpointA["id"]}")).StatusCode);
    }

    [SkippableFact]
    public async Task Subscription_IsRefused_ForPlainHttpElsewhere_AndUnknownEvents()
    {
        var client = App.ClientFor((await App.NewLicensee()).ApiKey);
        var http = await client.PostJson("/v1/webhook_endpoints", new Dictionary<string, object> { ["url"] = "http://example.com/hook", ["event_types"] = new[] { "refund.paid" } });
        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        var problem = await http.Body();
        Assert.Equal("webhook_url_invalid", (string)problem["code"]!);
        Assert.Equal("url", (string?)problem["param"]);

        var unknown = await client.PostJson("/v1/webhook_endpoints", new Dictionary<string, object> { ["url"] = "https://example.com/hook", ["event_types"] = new[] { "indicium.printed" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("webhook_event_types_invalid", (string)(await unknown.Body())["code"]!);

        // The postal role has no organisation that receives these events.
        var postal = await App.Postal().PostJson("/v1/webhook_endpoints", new Dictionary<string, object> { ["url"] = "https://example.com/hook", ["event_types"] = new[] { "refund.paid" } });
        Assert.Equal(HttpStatusCode.Forbidden, postal.StatusCode);
    }

    [SkippableFact]
    public async Task DepositCleared_AndWatchdogNear_ReachTheLicensee_WatchdogNearOncePerDeadline()
    {
        await using var receiver = await WebhookReceiver.Start();
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await Subscribe(client, receiver.BaseUrl + "/money", "deposit.cleared");
        await Subscribe(client, receiver.BaseUrl + "/watchdog", "watchdog.near");

        var account = await App.AccountOf(who.LicenseeId);
        var deposit = await (await Funds.FundsClient.Deposit(client, account, "25.000", "credit_card")).Body();
        Assert.Equal("confirmed", (string)deposit["status"]!);
        var cleared = JsonNode.Parse(Assert.Single(await receiver.WaitFor("/money")).Body)!;
        Assert.Equal("deposit.cleared", (string)cleared["type"]!);
        Assert.Equal((string)deposit["id"]!, (string)cleared["data"]!["deposit_id"]!);
        Assert.Equal("25.000", (string)cleared["data"]!["amount"]!["amount"]!);

        // P050 3.4: the watchdog ends in 10 days; the periodic check raises watchdog.near once for that deadline.
        await App.WithDb(async db =>
        {
            var device = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Devices, d => d.Id == who.DeviceId);
            device.WatchdogDeadline = DateTimeOffset.UtcNow.AddDays(10);
            return await db.SaveChangesAsync();
        });
        var near = JsonNode.Parse(Assert.Single(await receiver.WaitFor("/watchdog")).Body)!;
        Assert.Equal(who.DeviceId, (string)near["data"]!["device_id"]!);
        Assert.Equal(10, (int)near["data"]!["days_left"]!);
        await Task.Delay(TimeSpan.FromSeconds(3)); // several more checks find the same deadline
        Assert.Single(receiver.Requests, r => r.Path == "/watchdog");
    }

    [SkippableFact]
    public async Task LicenseRevoked_ReachesTheLicensee_InTheRevokingTransaction()
    {
        await using var receiver = await WebhookReceiver.Start();
        var who = await App.NewLicensee();
        await Subscribe(App.ClientFor(who.ApiKey), receiver.BaseUrl + "/license", "license.revoked", "license.issued");
        var licenseId = await App.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Licenses.Where(l => l.LicenseeId == who.LicenseeId).Select(l => l.Id)));

        var official = await Licensing.LicensingClient.As(App, Ibis.Server.Auth.Caller.LicensingOfficialRole);
        // A refused revocation (no reason of P050 2.3) raises nothing; the revocation does.
        Assert.Equal(HttpStatusCode.BadRequest, (await official.PostJson($"/v1/licenses/{licenseId}/revocation", new { reason = "g" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await official.PostJson($"/v1/licenses/{licenseId}/revocation", new { reason = "b" })).StatusCode);
        var revoked = JsonNode.Parse(Assert.Single(await receiver.WaitFor("/license")).Body)!;
        Assert.Equal("license.revoked", (string)revoked["type"]!);
        Assert.Equal(licenseId, (string)revoked["data"]!["license_id"]!);
        Assert.Equal("b", (string)revoked["data"]!["reason"]!);
    }

    [SkippableFact]
    public async Task DeletedEndpoint_GetsNothingMore()
    {
        await using var receiver = await WebhookReceiver.Start();
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var endpoint = await Subscribe(client, receiver.BaseUrl + "/gone", "device.reported");
        var deleted = await client.DeleteAsync($"/v1/webhook_endpoints/{endpoint["id"]}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("deleted", (string)(await deleted.Body())["status"]!);
        // A second endpoint of the same licensee receives the event; the deleted one does not.
        var live = await Subscribe(client, receiver.BaseUrl + "/live", "device.reported");
        await ReportDefective(client, who.DeviceId);
        Assert.Single(await receiver.WaitFor("/live"));
        Assert.DoesNotContain(receiver.Requests, r => r.Path == "/gone");
        Assert.NotNull(live["id"]);
    }
}

public sealed class SqliteWebhookFixture : IDisposable
{
    public IbisApp App { get; } = new(DatabaseKind.Sqlite, settings: WebhookTests.FastDispatch);

    public void Dispose() => App.Dispose();
}

public sealed class PostgresWebhookFixture : IDisposable
{
    private readonly Lazy<IbisApp> _app = new(() => new IbisApp(DatabaseKind.Postgres, settings: WebhookTests.FastDispatch));

    public IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
    }
}

public sealed class SqliteWebhookTests(SqliteWebhookFixture f) : WebhookTests(() => f.App), IClassFixture<SqliteWebhookFixture>;

[Collection("postgres")]
public sealed class PostgresWebhookTests(PostgresWebhookFixture f) : WebhookTests(() => f.App), IClassFixture<PostgresWebhookFixture>;
