using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>Resets (P050 3.5, §502.25): audited, paid from the deposit account, capped, exactly once.</summary>
public abstract class ResetTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    [SkippableFact]
    public async Task Reset_CreditsDr_DebitsTheAccount_AndReturnsASignedRecord()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var response = await client.Reset(who.DeviceId, "50.000");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reset = await response.Body();
        Assert.Equal(2L, (long)reset["sequence"]!);
        Assert.Equal("150.000", reset.Amount("descending_register"));
        Assert.Equal("150.000", reset.Amount("control_total"));
        Assert.Equal("850.000", reset.Amount("account_balance"));
        Assert.NotNull((string?)reset["audit_id"]);

        // P050 3.5c: the record is signed by the device; anyone with its certificate can check it.
        var record = Convert.FromBase64String((string)reset["record"]!);
        var signature = Convert.FromBase64String((string)reset["signature"]!);
        var device = await client.Device(who.DeviceId);
        var pem = await App.CreateClient().GetStringAsync($"/v1/certificates/{(string)device["certificate_serial"]!}");
        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        using var key = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPublicKey(cert)!;
        // Issue 16 item 6: an ibis.reset.v2 record is signed under the reset-record context tag, never bare.
        Assert.Equal(Domain.Psd.ResetRecordFormat.TypeV2, Domain.Psd.ResetRecordFormat.TypeOf(record));
        Assert.True(key.VerifyData(Domain.Psd.ResetRecordFormat.SignedMessageOf(record)!, signature, System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.False(key.VerifyData(record, signature, System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.Contains("\"amount\":\"50.000\"", Encoding.UTF8.GetString(record));

        Assert.Equal("150.000", device.Amount("descending_register"));
        Assert.Equal(2L, (long)device["reset_count"]!);
        var audits = await (await client.GetAsync($"/v1/devices/{who.DeviceId}/audits")).Body();
        Assert.Contains(audits["data"]!.AsArray(), a => (string)a!["kind"]! == "reset" && (string)a["result"]! == "passed");
    }

    public static TheoryData<string, string, int, string> BadResets => new()
    {
        { "zero", "0", 422, "reset_amount_invalid" },
        { "negative", "-5.000", 422, "reset_amount_invalid" },
        { "over-precise", "5.0001", 400, "amount_too_precise" },
        { "over the $500 cap", "400.001", 422, "reset_exceeds_cap" },
        { "not a number", "lots", 400, "amount_invalid" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadResets))]
    public async Task BadReset_IsRefused_AndChangesNothing(string name, string amount, int status, string code)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await client.Snapshot(who.DeviceId);
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, amount), status, code, null, name);
        Assert.Equal(before, await client.Snapshot(who.DeviceId));
    }

    [SkippableFact]
    public async Task Reset_BeyondTheDepositBalance_IsInsufficientFunds()
    {
        var who = await App.NewLicensee();
        await App.Sql($"UPDATE deposit_accounts SET \"BalanceMills\" = 20000 WHERE \"LicenseeId\" = {who.LicenseeId}");
        var client = App.ClientFor(who.ApiKey);
        var before = await client.Snapshot(who.DeviceId);
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "20.001"), 402, "insufficient_funds", "amount", "beyond balance");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(who.DeviceId, "20.000")).StatusCode);
    }

    [SkippableFact]
    public async Task Reset_OnSomeoneElsesDevice_Is404()
    {
        var mine = await App.NewLicensee();
        var theirs = await App.NewLicensee();
        await BadInputTests.AssertProblem(await App.ClientFor(mine.ApiKey).Reset(theirs.DeviceId, "10.000"), 404, "device_not_found", null, "their device");
        Assert.Equal("100.000", (await App.ClientFor(theirs.ApiKey).Device(theirs.DeviceId)).Amount("descending_register"));
    }

    [SkippableFact]
    public async Task Reset_IsExactlyOnce_UnderRetries_AndConcurrentRetries()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var first = await client.Reset(who.DeviceId, "25.000", "reset-42");
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        var replays = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.Reset(who.DeviceId, "25.000", "reset-42"))));
        foreach (var replay in replays)
        {
            Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
            Assert.Equal("true", replay.Headers.GetValues("Idempotency-Replay").Single());
            Assert.Equal(firstBody, await replay.Content.ReadAsByteArrayAsync()); // byte for byte
        }
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "26.000", "reset-42"), 409, "idempotency_key_reused", "Idempotency-Key", "other body");
        Assert.Equal("125.000", (await client.Device(who.DeviceId)).Amount("descending_register"));

        // Concurrent first attempts with one fresh key: one effect.
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.Reset(who.DeviceId, "5.000", "reset-43"))));
        Assert.All(racing, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(racing, r => !r.Headers.Contains("Idempotency-Replay"));
        Assert.Equal("130.000", (await client.Device(who.DeviceId)).Amount("descending_register"));
    }

    [SkippableFact]
    public async Task ParallelResets_NearTheCap_NeverExceedIt()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        // DR $100.000, cap $500.000: four $100 resets fit, the other six must be refused.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => client.Reset(who.DeviceId, "100.000"))));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            Assert.Equal("reset_exceeds_cap", (string)(await refused.Body())["code"]!);
        var device = await client.Device(who.DeviceId);
        Assert.Equal("500.000", device.Amount("descending_register"));
        Assert.Equal("500.000", device.Amount("control_total"));
        var balance = await App.WithDb(db => db.DepositAccounts.Where(a => a.LicenseeId == who.LicenseeId).Select(a => a.BalanceMills).SingleAsync());
        Assert.Equal(500_000, balance); // $1,000 deposited − $100 first reset − 4 × $100
    }

    [SkippableFact]
    public async Task ProviderMayReset_AnotherProvidersKeyMayNot()
    {
        var who = await App.NewLicensee();
        var provider = App.Provider();
        Assert.Equal(HttpStatusCode.Created, (await provider.Reset(who.DeviceId, "10.000")).StatusCode);
        Assert.Equal("110.000", (await provider.Device(who.DeviceId)).Amount("descending_register"));
    }
}

[Collection("sqlite")]
public sealed class SqliteResetTests(SqliteAppFixture f) : ResetTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresResetTests(PostgresAppFixture f) : ResetTests(() => f.App), IClassFixture<PostgresAppFixture>;
