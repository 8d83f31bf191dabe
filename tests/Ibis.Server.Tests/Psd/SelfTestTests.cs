using System.Net;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Start-up self-tests (FIPS 140-3 style): when one fails, /health says why and no signature leaves
/// the process — prints and resets are refused with self_test_failed and change nothing.
/// </summary>
public sealed class SelfTestTests
{
    [SkippableFact]
    public async Task FailedSelfTest_RefusesEverySignature_AndHealthSaysWhy()
    {
        using var healthy = new IbisApp(DatabaseKind.Sqlite);
        var who = await healthy.NewLicensee();
        var ok = await (await healthy.CreateClient().GetAsync("/health")).Body();
        Assert.Equal("passed", (string)ok["self_test"]!);

        // A second node on the same data, whose ECDSA known-answer test fails.
        using var broken = new IbisApp(healthy, new Dictionary<string, string> { ["Ibis:InjectSelfTestFailure"] = "ecdsa-p256" });
        var health = await broken.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = await health.Body();
        Assert.Equal("self_test_failed", (string)body["status"]!);
        Assert.Contains(body["failures"]!.AsArray(), f => (string)f!["test"]! == "ecdsa-p256");

        var client = broken.ClientFor(who.ApiKey);
        var before = await client.Snapshot(who.DeviceId);
        await BadInputTests.AssertProblem(await client.Print(who.DeviceId), 503, "self_test_failed", null, "print");
        await BadInputTests.AssertProblem(await client.Reset(who.DeviceId, "1.000"), 503, "self_test_failed", null, "reset");
        Assert.Equal(before, await client.Snapshot(who.DeviceId));
        Assert.Equal(0, await broken.WithDb(db => db.Indicia.CountAsync(i => i.DeviceId == who.DeviceId)));
    }
}
