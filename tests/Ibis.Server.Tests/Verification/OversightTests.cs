using System.Net;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Psd;
using Microsoft.EntityFrameworkCore;
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
    public async Task PostalOfficials_ListEveryProvidersResetsAuditsIndiciaHistoryAndCases_WithoutChangingAnything()
    {
        var mailer = await App.LiveMailer("Listed Mailer");
        await App.LivePostal();
        await App.ClientFor(mailer.ApiKey).Print(mailer.DeviceId).Ok(HttpStatusCode.Created);
        await App.ClientFor(mailer.ProviderApiKey).Reset(mailer.DeviceId, "7.000").Ok(HttpStatusCode.Created);
        var q = $"purpose={Uri.EscapeDataString(Purpose)}&limit=100";

        async Task<long[]> Records() => await App.WithDb(async db => new[]
        {
            await db.Devices.LongCountAsync(), await db.Resets.LongCountAsync(), await db.Audits.LongCountAsync(), await db.Indicia.LongCountAsync(),
            await db.Cases.LongCountAsync(), await db.Ledger.LongCountAsync(), await db.DeviceEvents.LongCountAsync(), await db.Transmissions.LongCountAsync(),
            await db.Devices.Where(d => d.Id == mailer.DeviceId).Select(d => d.DescendingMills + d.AscendingMills + d.PieceCount).SingleAsync(),
        });
        var before = await Records();
        var readsBefore = await App.WithDb(db => db.OversightReads.CountAsync());

        foreach (var role in new[] { Caller.PostalRole, Caller.AuditorRole, Caller.InspectorRole })
        {
            var official = await App.LiveKey(role);
            var resets = await official.GetAsync($"/v1/oversight/resets?{q}").Ok();
            Assert.Contains(resets["data"]!.AsArray(), r => (string)r!["device_id"]! == mailer.DeviceId && (string)r["amount"]!["amount"]! == "7.000");
            var audits = await official.GetAsync($"/v1/oversight/audits?{q}").Ok();
            Assert.Contains(audits["data"]!.AsArray(), a => (string)a!["device_id"]! == mailer.DeviceId && (bool)a["passed"]!);
            var indicia = await official.GetAsync($"/v1/oversight/indicia?{q}").Ok();
            Assert.Contains(indicia["data"]!.AsArray(), i => (string)i!["device_id"]! == mailer.DeviceId && (long)i["piece_number"]! == 1);
            var history = await official.GetAsync($"/v1/oversight/devices/{mailer.DeviceId}/history?{q}").Ok();
            Assert.Contains(history["data"]!.AsArray(), e => (string)e!["kind"]! == "commissioned");
            await official.GetAsync($"/v1/oversight/devices/{mailer.DeviceId}/cases?{q}").Ok();
            await BadInputTests.AssertProblem(await official.GetAsync("/v1/oversight/resets"), 400, "purpose_required", "purpose", role);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await official.PostJson("/v1/oversight/resets", new { })).StatusCode);
        }
        foreach (var refused in new[] { App.ClientFor(mailer.ApiKey), App.ClientFor(mailer.ProviderApiKey) })
        foreach (var path in new[] { "/v1/oversight/resets", "/v1/oversight/audits", "/v1/oversight/indicia", $"/v1/oversight/devices/{mailer.DeviceId}/history", $"/v1/oversight/devices/{mailer.DeviceId}/cases" })
            await BadInputTests.AssertProblem(await refused.GetAsync($"{path}?{q}"), 403, "forbidden", null, path);

        // Read-only: nothing but the log of the reads changed — 3 officials × 5 reads.
        Assert.Equal(before, await Records());
        Assert.Equal(readsBefore + 15, await App.WithDb(db => db.OversightReads.CountAsync()));
    }

    [SkippableFact]
    public async Task EveryDeviceAudit_IsTransmittedToThePostalService_WithItsSignedMessage()
    {
        var mailer = await App.LiveMailer("Audited Mailer");
        await App.LivePostal();
        var provider = App.ClientFor(mailer.ProviderApiKey);
        var earlier = await App.WithDb(db => db.Audits.Where(a => a.DeviceId == mailer.DeviceId).Select(a => a.Id).ToListAsync());
        await provider.Reset(mailer.DeviceId, "3.000").Ok(HttpStatusCode.Created);
        var onDemand = await (await provider.PostRaw($"/v1/devices/{mailer.DeviceId}/audits", "")).Body();
        var audits = (await App.WithDb(db => db.Audits.Where(a => a.DeviceId == mailer.DeviceId).ToListAsync())).Where(a => !earlier.Contains(a.Id)).ToList();
        Assert.Equal(2, audits.Count); // the reset's (§502.25(a)) and the one on demand
        Assert.Contains(audits, a => a.Id == (string)onDemand["id"]!);

        // §502.23: the Postal Service lists them with the other transmissions. The mailer's provider is the
        // sandbox's, so a sandbox Postal Service credential sees them (a live one sees live providers' only).
        var postal = App.Postal();
        var listed = (await postal.GetAsync("/v1/transmissions?kind=device_audit&limit=100").Ok())["data"]!.AsArray();
        foreach (var audit in audits)
        {
            var t = listed.Single(t => (string)t!["subject"]! == audit.Id)!;
            Assert.Equal("device_audit", (string)t["kind"]!);
            var body = t["body"]!;
            Assert.Equal("ibis.device_audit.v1", (string)body["type"]!);
            Assert.Equal(mailer.DeviceId, (string)body["device_id"]!);
            Assert.True((bool)body["passed"]!);
            Assert.Equal(Convert.ToBase64String(audit.Message), (string)body["message"]!);
            Assert.Equal(Convert.ToBase64String(audit.Signature), (string)body["signature"]!);
            // The registers as the device signed them (the reset's audit: before its download).
            Assert.Equal(Ibis.Domain.Psd.AuditMessage.Parse(audit.Message).Value.Descending.ToString(), (string)body["reported"]!["descending_register"]!);
        }
        var ofReset = listed.Single(t => (string)t!["subject"]! == audits.Single(a => a.Kind == "reset").Id)!;
        Assert.Equal("reset", (string)ofReset["body"]!["kind"]!);
        var descending = await App.WithDb(db => db.Devices.Where(d => d.Id == mailer.DeviceId).Select(d => d.DescendingMills).SingleAsync());
        var ofOnDemand = listed.Single(t => (string)t!["subject"]! == (string)onDemand["id"]!)!;
        Assert.Equal(Ibis.Domain.Money.Mills.FromMills(descending).ToString(), (string)ofOnDemand["body"]!["reported"]!["descending_register"]!);
        // The provider sees its own; the licensee sees none.
        Assert.Contains((await provider.GetAsync("/v1/transmissions?kind=device_audit&limit=100").Ok())["data"]!.AsArray(), t => (string)t!["subject"]! == (string)onDemand["id"]!);
        await BadInputTests.AssertProblem(await App.ClientFor(mailer.ApiKey).GetAsync("/v1/transmissions?kind=device_audit"), 403, "forbidden", null, "licensee");
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
