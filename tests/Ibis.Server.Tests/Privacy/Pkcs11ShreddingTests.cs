using System.Net;
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
/// Crypto-shredding on a PKCS#11 token (SoftHSM2): the customer record's key lives on the token and is
/// destroyed there at disposal, so a copy of the database taken before the disposal — a backup, with
/// the key handle still in it — opens nothing afterwards (notice 820.100 "Retention and Disposal").
/// </summary>
public sealed class Pkcs11ShreddingTests
{
    [SkippableFact]
    public async Task DisposedRecord_CannotBeOpened_FromABackupTakenBeforeTheDisposal()
    {
        var settings = SoftHsmToken.ServerSettings();
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        using var app = new IbisApp(DatabaseKind.Sqlite, clock, settings);
        var who = await app.NewLicensee("Shredded Co");
        var provider = await app.As(Caller.ProviderRole, providerId: await app.ProviderOf(who.LicenseeId));
        var record = await provider.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, "Shredded Co", "shred")).Ok(HttpStatusCode.Created);
        var id = (string)record["id"]!;
        await provider.PostJson($"/v1/customers/{id}/relationship-end", new { }).Ok();

        // The "backup": the record's key handle and its sealed document, as they were before disposal.
        var handle = await app.WithDb(db => db.CustomerKeys.Where(k => k.RecordId == id).Select(k => k.WrappedKey).SingleAsync());
        var document = await app.WithDb(db => db.CustomerRecords.Where(r => r.Id == id).Select(r => r.Document).SingleAsync());
        Assert.True(handle.Length < 32, $"a PKCS#11 handle names a token object and holds no key material; got {handle.Length} bytes");
        var label = System.Text.Encoding.UTF8.GetBytes("ibis/customer-record-data-key/v1\0" + id);
        var keys = (IKeyStore)app.Services.GetService(typeof(IKeyStore))!;
        Assert.Contains("7391", Ibis.Server.Customers.RecordKeys.Open(keys.ComputeMac(handle, label), id, "customer_record", document));

        // Before the disposal a store opened afresh on the token reaches the key through the backed-up handle…
        Assert.Equal(keys.ComputeMac(handle, label), WithFreshStore(settings, s => s.ComputeMac(handle, label)));

        clock.Advance(TimeSpan.FromDays(4 * 366));
        var disposed = (await (await app.As(Caller.PrivacyOfficerRole)).PostJson("/v1/retention/runs", new { }).Ok())["data"]!.AsArray();
        Assert.Contains(disposed, d => (string)d!["record_id"]! == id && (string)d["category"]! == "customer_record");

        // …after it, the same handle names nothing on the token: the backup's sealed data stays closed.
        Assert.ThrowsAny<KeyStoreException>(() => WithFreshStore(settings, s => s.ComputeMac(handle, label)));
    }

    private static T WithFreshStore<T>(IReadOnlyDictionary<string, string> settings, Func<IKeyStore, T> use)
    {
        var store = KeyStoreFactory.Create(new KeyStoreOptions
        {
            Kind = KeyStoreOptions.Pkcs11, Pkcs11Module = settings["Ibis:KeyStore:Pkcs11:Module"],
            Pkcs11TokenLabel = settings["Ibis:KeyStore:Pkcs11:TokenLabel"], Pkcs11Pin = settings["Ibis:KeyStore:Pkcs11:Pin"],
        });
        try
        {
            return use(store);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}
