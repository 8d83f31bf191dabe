using System.Net;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Device audits (§502.23): challenge → signed message → verification. A genuine audit passes and
/// restarts the watchdog; a forged, altered or replayed message is refused and changes nothing; an
/// audit that disagrees with the provider's records locks the device and opens a case.
/// </summary>
public abstract class AuditTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private async Task<(string Nonce, string Message, string Signature)> Exchange(string deviceId)
    {
        var provider = App.Provider();
        var challenge = await (await provider.PostRaw($"/v1/devices/{deviceId}/audit-challenges", "")).Body();
        var nonce = (string)challenge["nonce"]!;
        var message = await (await provider.PostRaw($"/v1/devices/{deviceId}/audit-message?nonce={nonce}", "")).Body();
        return (nonce, (string)message["message"]!, (string)message["signature"]!);
    }

    private Task<HttpResponseMessage> Submit(string deviceId, string message, string signature) =>
        App.Provider().PostJson($"/v1/devices/{deviceId}/audits", new Dictionary<string, string> { ["message"] = message, ["signature"] = signature });

    [SkippableFact]
    public async Task GenuineAudit_Passes_AndRestartsTheWatchdog()
    {
        var who = await App.NewLicensee();
        await App.ClientFor(who.ApiKey).Print(who.DeviceId);
        var before = await App.Provider().Device(who.DeviceId);
        var (_, message, signature) = await Exchange(who.DeviceId);
        var response = await Submit(who.DeviceId, message, signature);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var audit = await response.Body();
        Assert.Equal("passed", (string)audit["result"]!);
        var after = await App.Provider().Device(who.DeviceId);
        Assert.True((DateTimeOffset)after["watchdog_deadline"]! >= (DateTimeOffset)before["watchdog_deadline"]!);
        Assert.NotNull((string?)after["last_audit_at"]);

        // The same answer again: its challenge is used up.
        await BadInputTests.AssertProblem(await Submit(who.DeviceId, message, signature), 422, "audit_nonce_invalid", "message", "replayed audit");
    }

    [SkippableFact]
    public async Task EmptyAuditRequest_RunsTheWholeExchange()
    {
        var who = await App.NewLicensee();
        var response = await App.Provider().PostRaw($"/v1/devices/{who.DeviceId}/audits", "");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("passed", (string)(await response.Body())["result"]!);
    }

    [SkippableFact]
    public async Task ForgedOrAlteredAuditMessages_AreRefused_AndChangeNothing()
    {
        var who = await App.NewLicensee();
        var provider = App.Provider();
        // A reset first: its audit verified the device's signature, so the server now holds the device's public key
        // (issue 17, read once per certificate) — the forgeries below are checked against that key, not a fresh read.
        Assert.Equal(HttpStatusCode.Created, (await provider.Reset(who.DeviceId, "1.000")).StatusCode);
        var (_, message, signature) = await Exchange(who.DeviceId);
        var snapshot = await provider.Snapshot(who.DeviceId);
        var auditsBefore = await App.WithDb(db => db.Audits.CountAsync(a => a.DeviceId == who.DeviceId));

        var sig = Convert.FromBase64String(signature);
        sig[10] ^= 0x40;
        await BadInputTests.AssertProblem(await Submit(who.DeviceId, message, Convert.ToBase64String(sig)), 422, "audit_signature_invalid", "signature", "flipped signature");

        var msg = Convert.FromBase64String(message);
        msg[20] ^= 0x01; // inside the descending register
        await BadInputTests.AssertProblem(await Submit(who.DeviceId, Convert.ToBase64String(msg), signature), 422, "audit_signature_invalid", "signature", "altered register");

        // A message answering a nonce the provider never sent (a replay from elsewhere).
        msg = Convert.FromBase64String(message);
        msg[^1] ^= 0xFF;
        await BadInputTests.AssertProblem(await Submit(who.DeviceId, Convert.ToBase64String(msg), signature), 422, "audit_nonce_invalid", "message", "unknown nonce");

        await BadInputTests.AssertProblem(await Submit(who.DeviceId, "not base64!", signature), 400, "message_invalid", "message", "garbage");
        await BadInputTests.AssertProblem(await Submit(who.DeviceId, Convert.ToBase64String(new byte[10]), signature), 422, "audit_message_invalid", "message", "short");

        Assert.Equal(snapshot, await provider.Snapshot(who.DeviceId));
        Assert.Equal(auditsBefore, await App.WithDb(db => db.Audits.CountAsync(a => a.DeviceId == who.DeviceId)));
        // The genuine answer still works afterwards.
        Assert.Equal(HttpStatusCode.Created, (await Submit(who.DeviceId, message, signature)).StatusCode);
    }

    [SkippableFact]
    public async Task AuditsAreForTheProvider_NotTheLicensee()
    {
        var who = await App.NewLicensee();
        await BadInputTests.AssertProblem(await App.ClientFor(who.ApiKey).PostRaw($"/v1/devices/{who.DeviceId}/audits", ""), 403, "forbidden", null, "licensee audit");
        await BadInputTests.AssertProblem(await App.ClientFor(who.ApiKey).PostRaw($"/v1/devices/{who.DeviceId}/audit-challenges", ""), 403, "forbidden", null, "licensee challenge");
    }

    [SkippableFact]
    public async Task AuditDisagreeingWithRecords_LocksTheDevice_AndOpensACase()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await client.Print(who.DeviceId);
        await client.Print(who.DeviceId);
        // An older indicium's postage changed in the records: the registers no longer add up to them.
        await App.Sql($"UPDATE indicia SET \"PostageMills\" = \"PostageMills\" + 1 WHERE \"DeviceId\" = {who.DeviceId} AND \"PieceNumber\" = 1");
        var response = await App.Provider().PostRaw($"/v1/devices/{who.DeviceId}/audits", "");
        await BadInputTests.AssertProblem(response, 409, "audit_failed", null, "failed audit");

        var device = await App.Provider().Device(who.DeviceId);
        Assert.Equal("locked", (string)device["status"]!);
        Assert.Equal("audit_failed", (string)device["lock_reason"]!);
        var cases = await (await App.Provider().GetAsync("/v1/cases")).Body();
        Assert.Contains(cases["data"]!.AsArray(), c => (string)c!["device_id"]! == who.DeviceId && (string)c["kind"]! == "audit_failed");
        var audits = await (await App.Provider().GetAsync($"/v1/devices/{who.DeviceId}/audits")).Body();
        Assert.Contains(audits["data"]!.AsArray(), a => (string)a!["result"]! == "failed");
        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 422, "device_locked", null, "print on locked device");
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "5.000"), 422, "device_locked", null, "reset on locked device");
    }
}

[Collection("sqlite")]
public sealed class SqliteAuditTests(SqliteAppFixture f) : AuditTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresAuditTests(PostgresAppFixture f) : AuditTests(() => f.App), IClassFixture<PostgresAppFixture>;
