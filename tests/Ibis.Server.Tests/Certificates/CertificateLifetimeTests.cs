using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ibis.Data.Entities;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Certificates;

/// <summary>
/// Certificates over time (§502.28): a device signs only under a certificate that is valid and not
/// revoked; verification judges the certificate on the date of mailing, so pieces signed earlier keep
/// verifying after the certificate ends, is superseded by a key rollover or is revoked later.
/// </summary>
public abstract class CertificateLifetimeTests : IDisposable
{
    private readonly SettableClock _clock = new(DateTimeOffset.UtcNow);
    private readonly Lazy<IbisApp> _app;

    protected CertificateLifetimeTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<HttpResponseMessage> PrintOn(HttpClient client, string deviceId, DateTimeOffset day) =>
        client.PostJson($"/v1/devices/{deviceId}/indicia", PrintingTests.Letter(zip: null, date: Day(day)));

    private async Task<(string BarcodeData, string Serial)> Printed(HttpClient client, string deviceId, DateTimeOffset? day = null)
    {
        var response = await PrintOn(client, deviceId, day ?? _clock.GetUtcNow());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Body();
        return ((string)body["barcode_data"]!, (string)(await client.Device(deviceId))["certificate_serial"]!);
    }

    /// <summary>
    /// P050 4.7: after the day's last collection, the next collection day may be the date of mailing —
    /// the only way a piece is dated after the day it is printed. A collection at midnight UTC every day
    /// makes that true at any later time of day.
    /// </summary>
    private async Task AllowTheNextDay()
    {
        var days = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }.ToDictionary(d => d, _ => new[] { "00:00" });
        var set = await App.Postal().PutAsync("/v1/post-offices/20066/collection-schedule",
            System.Net.Http.Json.JsonContent.Create(new Dictionary<string, object> { ["time_zone"] = "UTC", ["collections"] = days }));
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Revocation_RefusesLaterPrints_AndPiecesDatedBeforeItStillVerify()
    {
        await AllowTheNextDay();
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var (today, serial) = await Printed(client, who.DeviceId);
        var (tomorrow, _) = await Printed(client, who.DeviceId, _clock.GetUtcNow().AddDays(1));

        var revoked = await App.Postal().Revoke(serial, "compromised");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var view = await revoked.Body();
        Assert.True((bool)view["revoked"]!);
        Assert.Equal("compromised", (string)view["revocation_reason"]!);

        var before = await client.Snapshot(who.DeviceId);
        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 403, "certificate_revoked", null, "print after revocation");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));

        // Revoked today: a piece dated today was signed before it; one dated tomorrow is judged after it.
        var anyone = App.CreateClient();
        Assert.True((bool)(await anyone.Verify(today))["valid"]!);
        var late = await anyone.Verify(tomorrow);
        Assert.False((bool)late["valid"]!);
        Assert.Contains("certificate_revoked", late.Reasons());

        await BadInputTests.AssertProblem(await App.Postal().Revoke(serial, "stolen"), 409, "certificate_already_revoked", null, "twice");
        Assert.Equal("compromised", (string)(await anyone.Listed(serial))["revocation_reason"]!);
        var events = await App.WithDb(db => db.DeviceEvents.Where(e => e.DeviceId == who.DeviceId && e.Kind == "certificate_revoked").CountAsync());
        Assert.Equal(1, events);
    }

    [SkippableFact]
    public async Task AfterTheCertificateEnds_EarlierPiecesVerify_AndPrintingIsRefused()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var (earlier, serial) = await Printed(client, who.DeviceId);
        var notAfter = ((DateTimeOffset)(await App.CreateClient().Listed(serial))["not_after"]!).ToUniversalTime();

        // Shortly before the end, on the day it ends: a piece dated the next collection day (which begins
        // after the end) is refused before any register moves. Not "an hour before": a certificate that
        // ends at 00:13 UTC would put that hour on the previous day, whose next day the certificate covers.
        await AllowTheNextDay();
        var endDay = new DateTimeOffset(notAfter.UtcDateTime.Date, TimeSpan.Zero);
        var shortlyBefore = endDay + (notAfter - endDay) / 2;
        _clock.Set(shortlyBefore);
        var before = await client.Snapshot(who.DeviceId);
        await BadInputTests.AssertProblem(await PrintOn(client, who.DeviceId, shortlyBefore.AddDays(1)), 422, "certificate_expired", null, "dated after the end");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));

        _clock.Set(notAfter.AddDays(1));
        await BadInputTests.AssertProblem(await PrintOn(client, who.DeviceId, _clock.GetUtcNow()), 422, "certificate_expired", null, "expired");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));

        var verified = await App.CreateClient().Verify(earlier);
        Assert.True((bool)verified["valid"]!, verified.ToJsonString());
        Assert.True(await App.CreateClient().VerifiesOffline(earlier));
    }

    [SkippableFact]
    public async Task KeyRollover_NewPiecesUseTheNewCertificate_AndOldAndNewPiecesBothVerify()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var (old, oldSerial) = await Printed(client, who.DeviceId);
        var oldHandle = await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.KeyHandle).SingleAsync());
        var before = await client.Snapshot(who.DeviceId);

        var response = await App.Provider().RollOver(who.DeviceId);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var rollover = await response.Body();
        var newSerial = (string)rollover["certificate_serial"]!;
        Assert.Equal(oldSerial, (string)rollover["previous_certificate_serial"]!);
        Assert.NotEqual(oldSerial, newSerial);
        Assert.Equal(before, await client.Snapshot(who.DeviceId)); // no register moved
        Assert.Equal(newSerial, (string)(await client.Device(who.DeviceId))["certificate_serial"]!);
        Assert.NotEqual(oldHandle, await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.KeyHandle).SingleAsync()));

        var (fresh, freshSerial) = await Printed(client, who.DeviceId);
        Assert.Equal(newSerial, freshSerial);

        var anyone = App.CreateClient();
        Assert.False((bool)(await anyone.Listed(oldSerial))["revoked"]!); // superseded, not revoked
        foreach (var piece in new[] { old, fresh })
        {
            var verified = await anyone.Verify(piece);
            Assert.True((bool)verified["valid"]!, verified.ToJsonString());
            Assert.True(await anyone.VerifiesOffline(piece));
        }
        // A retried rollover with the same Idempotency-Key replays the answer and issues nothing new.
        var retry = await RollOverWithKey("roll-1");
        var again = await RollOverWithKey("roll-1");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await retry.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(3, await App.WithDb(db => db.Certificates.CountAsync(c => c.DeviceId == who.DeviceId)));
        var (third, _) = await Printed(client, who.DeviceId);
        Assert.True((bool)(await anyone.Verify(third))["valid"]!);

        // The device answers audits with its new key.
        Assert.Equal(HttpStatusCode.Created, (await App.Provider().PostRaw($"/v1/devices/{who.DeviceId}/audits", "")).StatusCode);
        var events = await App.WithDb(db => db.DeviceEvents.Where(e => e.DeviceId == who.DeviceId && e.Kind == "key_rollover").ToListAsync());
        Assert.Equal(2, events.Count);
        Assert.Contains(events, e => e.Reason!.Contains(newSerial, StringComparison.Ordinal));

        Task<HttpResponseMessage> RollOverWithKey(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{who.DeviceId}/key-rollover");
            request.Headers.Add("Idempotency-Key", key);
            return App.Provider().SendAsync(request);
        }
    }

    [SkippableFact]
    public async Task RevocationList_ListsTheRevokedSerial_AndIsSignedByTheCa()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var (_, serial) = await Printed(client, who.DeviceId);
        Assert.Equal(HttpStatusCode.OK, (await App.Postal().Revoke(serial, "lost")).StatusCode);

        var anyone = App.CreateClient();
        var response = await anyone.GetAsync("/v1/certificates/revocations?mode=test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        var crl = await response.Content.ReadAsByteArrayAsync();

        // X.509 APIs read it; the revoked serial is on it (RemoveEntry finds it).
        var builder = CertificateRevocationListBuilder.Load(crl, out var number);
        Assert.True(number > 0);
        Assert.True(builder.RemoveEntry(Security.Certificates.CertificateSerial.ToDerContent(ulong.Parse(serial, CultureInfo.InvariantCulture))));
        using var ca = await anyone.SandboxCa();
        Assert.True(CertificateClient.SignedBy(crl, ca));
        var read = Security.Certificates.RevocationList.TryRead(crl, ca.RawData, out var error);
        Assert.True(read is not null, error);
        Assert.Contains(ulong.Parse(serial, CultureInfo.InvariantCulture), read.Revoked.Keys);

        // Without a live CA the default is the sandbox's; PEM on request.
        var pem = await anyone.GetStringAsync("/v1/certificates/revocations?format=pem");
        Assert.StartsWith("-----BEGIN X509 CRL-----", pem);
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/certificates/revocations");
        request.Headers.Accept.ParseAdd("application/x-pem-file");
        Assert.StartsWith("-----BEGIN X509 CRL-----", await (await anyone.SendAsync(request)).Content.ReadAsStringAsync());
        await BadInputTests.AssertProblem(await anyone.GetAsync("/v1/certificates/revocations?mode=live"), 404, "certificate_authority_not_found", null, "no live CA");
        await BadInputTests.AssertProblem(await anyone.GetAsync("/v1/certificates/revocations?mode=prod"), 400, "mode_invalid", "mode", "bad mode");
    }

    [SkippableFact]
    public async Task CheckOut_RevokesTheDevicesCertificates()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var (earlier, serial) = await Printed(client, who.DeviceId);
        Assert.Equal(HttpStatusCode.Created, (await App.Provider().PostRaw($"/v1/devices/{who.DeviceId}/withdrawal", "")).StatusCode);

        var listed = await App.CreateClient().Listed(serial);
        Assert.True((bool)listed["revoked"]!);
        Assert.Equal("checked_out", (string)listed["revocation_reason"]!);
        Assert.True((bool)(await App.CreateClient().Verify(earlier))["valid"]!);
        await BadInputTests.AssertProblem(await App.Provider().RollOver(who.DeviceId), 422, "device_withdrawn", null, "no new key for a device out of service");
        Assert.Equal(1, await App.WithDb(db => db.Certificates.CountAsync(c => c.DeviceId == who.DeviceId)));
    }

    [SkippableFact]
    public async Task BadRequests_GetProblemJson_AndChangeNothing()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var (_, serial) = await Printed(client, who.DeviceId);

        await BadInputTests.AssertProblem(await App.Postal().Revoke("999999999", "compromised"), 404, "certificate_not_found", null, "unknown serial");
        await BadInputTests.AssertProblem(await App.Postal().Revoke("not-a-serial", "compromised"), 404, "certificate_not_found", null, "not a serial");
        await BadInputTests.AssertProblem(await App.Postal().Revoke(serial, "misplaced"), 400, "revocation_reason_invalid", "reason", "bad reason");
        await BadInputTests.AssertProblem(await App.Postal().Revoke(serial, null), 400, "revocation_reason_invalid", "reason", "no reason");
        await BadInputTests.AssertProblem(await App.Provider().Revoke(serial, "compromised"), 403, "forbidden", null, "a provider does not revoke");
        await BadInputTests.AssertProblem(await client.Revoke(serial, "compromised"), 403, "forbidden", null, "a licensee does not revoke");
        Assert.False((bool)(await App.CreateClient().Listed(serial))["revoked"]!);

        // Another provider's device is reported exactly like an unknown one.
        var otherProvider = await AnotherProvider();
        await BadInputTests.AssertProblem(await otherProvider.RollOver(who.DeviceId), 404, "device_not_found", null, "another provider's device");
        await BadInputTests.AssertProblem(await client.RollOver(who.DeviceId), 403, null, null, "a licensee does not roll keys over");
        Assert.Equal(serial, (string)(await client.Device(who.DeviceId))["certificate_serial"]!);
        Assert.Equal(1, await App.WithDb(db => db.Certificates.CountAsync(c => c.DeviceId == who.DeviceId)));
        // Nothing beyond the device's commissioning history (added, inspected, commissioned).
        Assert.Equal(0, await App.WithDb(db => db.DeviceEvents.CountAsync(e => e.DeviceId == who.DeviceId && e.Kind != "added_to_inventory" && e.Kind != "inspection_passed" && e.Kind != "commissioned")));
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);
    }

    /// <summary>A client for a second sandbox provider, with no devices of its own.</summary>
    private async Task<HttpClient> AnotherProvider()
    {
        var key = ApiKeys.NewKey(test: true);
        await App.WithDb(async db =>
        {
            var now = _clock.GetUtcNow();
            var provider = new ProviderRow { Id = Domain.Ids.New("prv"), Name = "Other Provider", Sandbox = true, CreatedAt = now };
            db.Providers.Add(provider);
            db.ApiKeys.Add(new ApiKeyRow { Id = Domain.Ids.New("key"), Prefix = key[..14], Hash = ApiKeys.Hash(key), Mode = "test", Role = Caller.ProviderRole, ProviderId = provider.Id, CreatedAt = now });
            return await db.SaveChangesAsync();
        });
        return App.ClientFor(key);
    }
}

public sealed class SqliteCertificateLifetimeTests() : CertificateLifetimeTests(DatabaseKind.Sqlite);

public sealed class PostgresCertificateLifetimeTests() : CertificateLifetimeTests(DatabaseKind.Postgres);
