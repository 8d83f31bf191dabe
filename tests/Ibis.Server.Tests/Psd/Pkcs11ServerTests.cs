using System.Diagnostics;
using System.Net;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// The whole server on the PKCS#11 key store (SoftHSM2): device keys are generated on the token and
/// never leave it; printing, resets, audits and verification work exactly as with the software store.
/// </summary>
public sealed class Pkcs11ServerTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Server_OnAPkcs11Token_PrintsResetsAuditsAndVerifies()
    {
        var settings = SoftHsmToken.ServerSettings();
        using var app = new IbisApp(DatabaseKind.Sqlite, settings: settings);
        var who = await app.NewLicensee();
        var client = app.ClientFor(who.ApiKey);

        // The key handle in the database names a token object; it holds no key material.
        var handle = await app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.KeyHandle).SingleAsync());
        Assert.True(handle.Length < 32, $"a PKCS#11 handle is an object id, got {handle.Length} bytes");

        var printed = await (await client.Print(who.DeviceId)).Body();
        var verdict = await (await app.CreateClient().PostJson("/v1/verifications", new Dictionary<string, string> { ["barcode_data"] = (string)printed["barcode_data"]! })).Body();
        Assert.True((bool)verdict["valid"]!, verdict.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "20.000")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Provider().PostRaw($"/v1/devices/{who.DeviceId}/audits", "")).StatusCode);

        // Informational only (speed is measured in bench/, never asserted): prints per second here.
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++) Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);
        output.WriteLine($"pkcs11: 50 prints through HTTP+SQLite in {sw.ElapsedMilliseconds} ms");

        Assert.Equal(HttpStatusCode.Created, (await app.Provider().PostRaw($"/v1/devices/{who.DeviceId}/withdrawal", "")).StatusCode);
        var keys = (Ibis.Security.Keys.IKeyStore)app.Services.GetService(typeof(Ibis.Security.Keys.IKeyStore))!;
        var e = Assert.Throws<Ibis.Security.Keys.KeyStoreException>(() => keys.Sign(handle, [1, 2, 3]));
        Assert.Equal("key_destroyed", e.Code);
    }
}
