using System.Net;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Psd;
using Xunit;

namespace Ibis.Server.Tests.Verification;

/// <summary>
/// Issue 14 item 1: the Postal Service's officials (postal, auditor, inspector) read the devices, registers,
/// resets, audits, indicia and cases of every provider (P050 2.5b, 3.4; §502.19, §502.25(b)), read-only, and
/// every read is logged with its purpose.
/// </summary>
public abstract class OversightTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private const string Purpose = "periodic assessment of revenue protection, 502.25(b)";

    [SkippableFact]
    public async Task PostalOfficials_ReadEveryProvidersRecords_AndEachReadIsLoggedWithItsPurpose()
    {
        var mailer = await App.LiveMailer("Overseen Mailer");
        var client = App.ClientFor(mailer.ApiKey);
        await App.LivePostal(); // the live price list
        await client.Print(mailer.DeviceId).Ok(HttpStatusCode.Created);
        (await App.ClientFor(mailer.ProviderApiKey).Reset(mailer.DeviceId, "5.000")).EnsureSuccessStatusCode();

        foreach (var role in new[] { Caller.PostalRole, Caller.AuditorRole, Caller.InspectorRole })
        {
            var official = await App.LiveKey(role);
            var devices = await official.GetAsync($"/v1/oversight/devices?purpose={Uri.EscapeDataString(Purpose)}&limit=100").Ok();
            var mine = devices["data"]!.AsArray().Single(d => (string)d!["id"]! == mailer.DeviceId)!;
            Assert.Equal("live", (string)mine["mode"]!);
            Assert.Equal("0.740", (string)mine["ascending_register"]!["amount"]!);
            var device = await official.GetAsync($"/v1/oversight/devices/{mailer.DeviceId}?purpose={Uri.EscapeDataString(Purpose)}").Ok();
            Assert.Equal("0.740", (string)device["ascending_register"]!["amount"]!);
            var resets = await official.GetAsync($"/v1/oversight/devices/{mailer.DeviceId}/resets?purpose={Uri.EscapeDataString(Purpose)}").Ok();
            Assert.Contains(resets["data"]!.AsArray(), r => (string)r!["amount"]!["amount"]! == "5.000");
            var audits = await official.GetAsync($"/v1/oversight/devices/{mailer.DeviceId}/audits?purpose={Uri.EscapeDataString(Purpose)}").Ok();
            Assert.NotEmpty(audits["data"]!.AsArray()); // the reset's device audit (§502.23, §502.25(a))
            var indicia = await official.GetAsync($"/v1/oversight/devices/{mailer.DeviceId}/indicia?purpose={Uri.EscapeDataString(Purpose)}").Ok();
            Assert.Equal(1L, (long)indicia["data"]![0]!["piece_number"]!);
            await official.GetAsync($"/v1/oversight/cases?purpose={Uri.EscapeDataString(Purpose)}").Ok();

            // No purpose, no read.
            await BadInputTests.AssertProblem(await official.GetAsync($"/v1/oversight/devices/{mailer.DeviceId}"), 400, "purpose_required", "purpose", role);
            // Read-only: nothing to post.
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await official.PostJson($"/v1/oversight/devices/{mailer.DeviceId}", new { })).StatusCode);
        }

        var log = await (await App.LiveKey(Caller.AuditorRole)).GetAsync($"/v1/oversight/reads?subject_id={mailer.DeviceId}&limit=100").Ok();
        var reads = log["data"]!.AsArray();
        // Three officials × (device, resets, audits, indicia); the refused read is not logged.
        Assert.Equal(12, reads.Count);
        Assert.All(reads, r => Assert.Equal(Purpose, (string)r!["purpose"]!));
        Assert.Equal(["auditor", "inspector", "postal"], reads.Select(r => (string)r!["role"]!).Distinct().Order().ToArray());
        Assert.Equal(["device", "device_audits", "device_indicia", "device_resets"], reads.Select(r => (string)r!["resource"]!).Distinct().Order().ToArray());
    }

    [SkippableFact]
    public async Task Licensees_AndProviders_HaveNoOversight_AndTheSandboxSeesNoLiveDevice()
    {
        var mailer = await App.LiveMailer("Private Mailer");
        await BadInputTests.AssertProblem(await App.ClientFor(mailer.ApiKey).GetAsync($"/v1/oversight/devices?purpose={Uri.EscapeDataString(Purpose)}"), 403, "forbidden", null, "licensee");
        await BadInputTests.AssertProblem(await App.ClientFor(mailer.ProviderApiKey).GetAsync($"/v1/oversight/devices/{mailer.DeviceId}?purpose={Uri.EscapeDataString(Purpose)}"), 403, "forbidden", null, "provider");
        await BadInputTests.AssertProblem(await App.ClientFor(mailer.ApiKey).GetAsync("/v1/oversight/reads"), 403, "forbidden", null, "licensee log");
        var sandboxPostal = App.Postal();
        await BadInputTests.AssertProblem(await sandboxPostal.GetAsync($"/v1/oversight/devices/{mailer.DeviceId}?purpose={Uri.EscapeDataString(Purpose)}"), 404, "not_found", null, "sandbox postal, live device");
        var sandboxDevices = await sandboxPostal.GetAsync($"/v1/oversight/devices?purpose={Uri.EscapeDataString(Purpose)}&limit=100").Ok();
        Assert.DoesNotContain(sandboxDevices["data"]!.AsArray(), d => (string)d!["id"]! == mailer.DeviceId);
        Assert.All(sandboxDevices["data"]!.AsArray(), d => Assert.Equal("test", (string)d!["mode"]!));
    }
}

[Collection("sqlite")]
public sealed class SqliteOversightTests(SqliteAppFixture f) : OversightTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresOversightTests(PostgresAppFixture f) : OversightTests(() => f.App), IClassFixture<PostgresAppFixture>;
