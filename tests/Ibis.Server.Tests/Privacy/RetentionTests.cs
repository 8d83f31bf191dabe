using System.Net;
using System.Security.Cryptography;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Security.Keys;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Privacy;

/// <summary>
/// Notice 820.100 "Retention and Disposal" (issue 6): with the clock moved past each schedule, exactly
/// the records due are disposed of, the others are untouched, the disposal log names each one with
/// its rule, and a disposed record cannot be read again even with the old key-encryption key.
/// Each test has its own app, because it moves the clock by years.
/// </summary>
public abstract class RetentionTests(DatabaseKind kind) : IDisposable
{
    private readonly SettableClock _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private IbisApp? _app;

    private IbisApp App => _app ??= new IbisApp(kind, _clock);

    public void Dispose() => _app?.Dispose();

    [SkippableFact]
    public async Task Disposal_FollowsEachRule_LogsIt_AndShredsTheRecord()
    {
        var ended = await App.NewLicensee("Ended Co");
        var active = await App.NewLicensee("Active Co");
        var provider = await App.As(Caller.ProviderRole, providerId: await App.ProviderOf(ended.LicenseeId));
        var officer = await App.As(Caller.PrivacyOfficerRole);
        var endedId = (string)(await provider.PostJson("/v1/customers", CustomerRecordsTests.Record(ended.LicenseeId, "Ended Co", "ended")).Ok(HttpStatusCode.Created))["id"]!;
        var activeId = (string)(await provider.PostJson("/v1/customers", CustomerRecordsTests.Record(active.LicenseeId, "Active Co", "active")).Ok(HttpStatusCode.Created))["id"]!;
        // The ended customer applied: its 3601-A and the provider's transmission carry a sealed copy.
        var app = await App.ClientFor(ended.ApiKey).PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/applications/{app["id"]}/transmission", new { }).Ok();
        await Logon(ended.LicenseeId);
        await Logon(active.LicenseeId);
        await provider.PostJson($"/v1/customers/{endedId}/relationship-end", new { }).Ok();

        // Day 364: nothing is due yet.
        _clock.Advance(TimeSpan.FromDays(364));
        Assert.Empty((await officer.PostJson("/v1/retention/runs", new { }).Ok())["data"]!.AsArray());

        // Rule 1: logon records 1 year after the access.
        _clock.Advance(TimeSpan.FromDays(2));
        await Logon(active.LicenseeId); // a fresh access is kept
        var first = (await officer.PostJson("/v1/retention/runs", new { }).Ok())["data"]!.AsArray();
        Assert.Equal(2, first.Count);
        Assert.All(first, d => Assert.Equal("logon", (string)d!["category"]!));
        Assert.All(first, d => Assert.Contains("Retention 1", (string)d!["rule"]!));
        Assert.Equal(1, await App.WithDb(db => db.LogonRecords.CountAsync()));

        // Rules 2 and 3: ACH records up to 2 years; security access 2 years after privileges were cancelled
        // (calendar years: 2028 is a leap year, so one more day than 365 passes the fresh logon's year too).
        _clock.Advance(TimeSpan.FromDays(366));
        var second = (await officer.PostJson("/v1/retention/runs", new { }).Ok())["data"]!.AsArray();
        // Issue 15: the bank and card details deposits were paid with are ACH records too, erased after 2 years.
        var instruments = second.Where(d => ((string)d!["record_id"]!).StartsWith("dep_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(instruments);
        Assert.All(instruments, d => Assert.Equal("ach", (string)d!["category"]!));
        Assert.Equal(0, await App.WithDb(db => db.Deposits.CountAsync(d => d.InstrumentEncrypted != null || d.InstrumentMasked != null)));
        Assert.Equal(["ach", "ach", "logon", "security_access"], second.Except(instruments).Select(d => (string)d!["category"]!).Order().ToArray());
        Assert.Equal(endedId, (string)second.Single(d => (string)d!["category"]! == "security_access")!["customer_record_id"]!);
        Assert.Equal(0, await App.WithDb(db => db.AchRecords.CountAsync()));
        Assert.Equal(1, await App.WithDb(db => db.SecurityAccess.CountAsync(s => s.RecordId == activeId))); // not cancelled: kept

        // Rule 4: the ended customer's record 4 years after the relationship ended; the active one stays.
        var kek = await File.ReadAllBytesAsync(Path.Combine(App.KeyDirectory, "kek.bin"));
        var wrapped = await App.WithDb(db => db.CustomerKeys.Where(k => k.RecordId == endedId).Select(k => k.WrappedKey).SingleAsync());
        var sealedForm = await App.WithDb(db => db.LicenseApplications.Where(a => a.CustomerRecordId == endedId).Select(a => a.Document).SingleAsync());
        _clock.Advance(TimeSpan.FromDays(365 * 2 + 2));
        var third = (await officer.PostJson("/v1/retention/runs", new { }).Ok())["data"]!.AsArray();
        Assert.Contains(third, d => (string)d!["category"]! == "customer_record" && (string)d["record_id"]! == endedId && ((string)d["rule"]!).Contains("Retention 4"));
        Assert.All(third, d => Assert.Equal(endedId, (string)d!["customer_record_id"]!));
        Assert.Equal(0, await App.WithDb(db => db.CustomerRecords.CountAsync(r => r.Id == endedId)));
        Assert.Equal(0, await App.WithDb(db => db.CustomerKeys.CountAsync(k => k.RecordId == endedId)));
        Assert.Equal(1, await App.WithDb(db => db.CustomerRecords.CountAsync(r => r.Id == activeId)));
        Assert.Equal(HttpStatusCode.OK, (await App.ClientFor(active.ApiKey).GetAsync($"/v1/customers/{activeId}")).StatusCode);

        // The disposal log holds every disposal, in order, with its rule.
        var log = (await officer.GetAsync("/v1/retention/disposals").Ok())["data"]!.AsArray();
        Assert.Equal(first.Count + second.Count + third.Count, log.Count);

        // Unrecoverable: the wrapped key is gone from the database files, and the old key-encryption
        // key cannot open what was sealed — the transmission's copy of the form included.
        if (kind == DatabaseKind.Sqlite)
        {
            var files = new[] { "ibis.db", "ibis.db-wal" }.Select(f => Path.Combine(App.DataDirectory, f)).Where(File.Exists);
            foreach (var file in files)
                Assert.True(IndexOf(await ReadShared(file), wrapped) < 0, $"the destroyed key's wrapped bytes are still in {Path.GetFileName(file)}");
        }
        // A key store restored from the old key-encryption key export opens the keys still in the
        // database — the active customer's — and nothing of the disposed one: its handle is gone.
        using var oldKek = KeyEncryptionKey.FromBytes(kek);
        using var restored = new SoftwareKeyStore(oldKek);
        var remaining = await App.WithDb(db => db.CustomerKeys.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(remaining, k => k.RecordId == endedId);
        var activeRow = await App.WithDb(db => db.CustomerRecords.AsNoTracking().SingleAsync(r => r.Id == activeId));
        var activeKey = restored.ComputeMac(remaining.Single(k => k.RecordId == activeId).WrappedKey, System.Text.Encoding.UTF8.GetBytes("ibis/customer-record-data-key/v1\0" + activeId));
        Assert.Contains("7391", Ibis.Server.Customers.RecordKeys.Open(activeKey, activeId, "customer_record", activeRow.Document)); // the export works...
        var transmission = await App.WithDb(db => db.Transmissions.AsNoTracking().SingleAsync(t => t.Subject == (string)app["id"]!));
        var sealedCopy = Convert.FromBase64String(System.Text.Json.JsonDocument.Parse(transmission.Body).RootElement.GetProperty("form_sealed").GetString()!);
        foreach (var k in remaining) // ...but no key it can reach opens the disposed customer's transmitted form
        {
            var candidate = restored.ComputeMac(k.WrappedKey, System.Text.Encoding.UTF8.GetBytes("ibis/customer-record-data-key/v1\0" + k.RecordId));
            Assert.ThrowsAny<CryptographicException>(() => Ibis.Server.Customers.RecordKeys.Open(candidate, endedId, "form_3601a/" + (string)app["id"]!, sealedCopy));
        }
        Assert.Empty(await App.WithDb(db => db.LicenseApplications.Where(a => a.CustomerRecordId == endedId).Select(a => a.Document).SingleAsync()));
        Assert.NotEmpty(sealedForm);
        // Notice 820.100 rule 3: the ended customer's own key no longer opens anything; its provider still sees the routing data.
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await App.ClientFor(ended.ApiKey).GetAsync($"/v1/applications/{app["id"]}")).StatusCode);
        await App.Provider().GetAsync($"/v1/applications/{app["id"]}").Ok(); // routing data stays, the form is gone
    }

    private async Task Logon(string licenseeId)
    {
        await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(App.Services);
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Ibis.Server.Customers.RecordCustomerLogon>(scope.ServiceProvider)
            .Handle(licenseeId, "usr_test", default);
    }

    internal static async Task<byte[]> ReadShared(string path)
    {
        await using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var m = new MemoryStream();
        await s.CopyToAsync(m);
        return m.ToArray();
    }

    internal static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}

public sealed class SqliteRetentionTests() : RetentionTests(DatabaseKind.Sqlite);

public sealed class PostgresRetentionTests() : RetentionTests(DatabaseKind.Postgres);
