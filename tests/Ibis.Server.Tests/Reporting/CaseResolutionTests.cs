using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Reporting;

/// <summary>
/// Issue 12 §6: a case (a potential security weakness, §502.14) is taken up and resolved by the provider or
/// the Postal Service with a recorded finding and note, on its own — resolving it does not unlock the device,
/// which still needs a clean audit to return to service. Inspectors investigate but do not resolve; a
/// resolved case stays resolved; bad input names its rule and field and changes nothing.
/// </summary>
public abstract class CaseResolutionTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private async Task<string> LockedCase(string deviceId)
    {
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Server.Psd.DeviceLockout>().Lock(deviceId, "audit_failed", "seen by the test", null, default);
        return await App.WithDb(db => db.Cases.Where(c => c.DeviceId == deviceId && c.ResolvedAt == null).Select(c => c.Id).SingleAsync());
    }

    private async Task<HttpClient> Inspector()
    {
        var postalLogin = App.Sandbox.Logins.First(l => l.Role == "postal");
        var admin = App.CreateClient();
        await admin.PostJson("/v1/sessions", new { email = postalLogin.Email, password = postalLogin.Password }).Ok();
        var invite = await admin.PostJson("/v1/invitations", new { email = $"{Guid.NewGuid():N}@inspection.example", role = "inspector" }).Ok(HttpStatusCode.Created);
        var (_, inspector, _) = await Organisations.NewUser.Join(App, (string)invite["code"]!);
        return inspector;
    }

    private Task<Data.Entities.CaseRow> Row(string caseId) => App.WithDb(db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId));

    [SkippableFact]
    public async Task AProviderInvestigates_AndResolvesACase_WithAFinding_WhileTheDeviceStaysLocked()
    {
        var who = await App.NewLicensee("Case Mailer");
        var provider = App.Provider();
        var caseId = await LockedCase(who.DeviceId);
        Assert.Equal("open", (string)(await provider.GetAsync($"/v1/cases/{caseId}").Ok())["status"]!);

        // Bad input and wrong callers change nothing.
        var before = await Row(caseId);
        await provider.PostJson($"/v1/cases/{caseId}/resolution", new { finding = "fine", note = "x" }).Problem(400, "case_finding_invalid", "finding");
        await provider.PostJson($"/v1/cases/{caseId}/resolution", new { finding = "cleared" }).Problem(400, "report_incomplete", "note");
        await App.ClientFor(who.ApiKey).PostJson($"/v1/cases/{caseId}/resolution", new { finding = "cleared", note = "mine" }).Problem(403, "forbidden");
        await App.ClientFor(who.ApiKey).PostRaw($"/v1/cases/{caseId}/investigation", "").Problem(403, "forbidden");
        await provider.PostJson("/v1/cases/case_aaaaaaaaaaaaaaaaaaaaaaaa/resolution", new { finding = "cleared", note = "x" }).Problem(404, "case_not_found");
        var after = await Row(caseId);
        Assert.Equal((before.ResolvedAt, before.Finding, before.InvestigationStartedAt), (after.ResolvedAt, after.Finding, after.InvestigationStartedAt));

        var investigating = await provider.PostRaw($"/v1/cases/{caseId}/investigation", "").Ok();
        Assert.Equal("investigating", (string)investigating["status"]!);
        Assert.NotNull((string?)investigating["investigated_by"]);
        await provider.PostRaw($"/v1/cases/{caseId}/investigation", "").Problem(409, "case_already_investigating");
        var listed = (await provider.GetAsync("/v1/cases?status=investigating").Ok())["data"]!.AsArray();
        Assert.Contains(listed, c => (string)c!["id"]! == caseId);
        await provider.GetAsync("/v1/cases?status=closed").Problem(400, "case_status_invalid", "status");

        var resolved = await provider.PostJson($"/v1/cases/{caseId}/resolution", new { finding = "device_fault", note = "audit signature from a failing clock module; device to be replaced" }).Ok();
        Assert.Equal(("resolved", "device_fault", "audit signature from a failing clock module; device to be replaced"),
            ((string)resolved["status"]!, (string)resolved["finding"]!, (string)resolved["resolution_note"]!));
        await provider.PostJson($"/v1/cases/{caseId}/resolution", new { finding = "cleared", note = "again" }).Problem(409, "case_already_resolved");
        Assert.Equal("device_fault", (await Row(caseId)).Finding);

        // Resolved on its own: the device stays locked until a clean audit returns it to service.
        Assert.Equal("locked", (string)(await provider.Device(who.DeviceId))["status"]!);
        Assert.DoesNotContain((await provider.GetAsync("/v1/cases").Ok())["data"]!.AsArray(), c => (string)c!["id"]! == caseId);
        Assert.Contains((await provider.GetAsync("/v1/cases?status=resolved").Ok())["data"]!.AsArray(), c => (string)c!["id"]! == caseId);
        var history = (await provider.GetAsync($"/v1/devices/{who.DeviceId}/history").Ok())["data"]!.AsArray().Select(e => (string)e!["kind"]!).ToList();
        Assert.Contains("case_investigation_started", history);
        Assert.Contains("case_resolved", history);

        // Another provider's view: the Postal Service reads it, another licensee's key does not reach it.
        Assert.Equal("resolved", (string)(await App.Postal().GetAsync($"/v1/cases/{caseId}").Ok())["status"]!);
    }

    [SkippableFact]
    public async Task ThePostalService_Resolves_AnInspectorInvestigatesButMayNotResolve()
    {
        var who = await App.NewLicensee("Inspected Case Mailer");
        var caseId = await LockedCase(who.DeviceId);
        var inspector = await Inspector();
        Assert.Equal("investigating", (string)(await inspector.PostRaw($"/v1/cases/{caseId}/investigation", "").Ok())["status"]!);
        await inspector.PostJson($"/v1/cases/{caseId}/resolution", new { finding = "abuse_confirmed", note = "x" }).Problem(403, "case_resolution_not_permitted");
        Assert.Null((await Row(caseId)).ResolvedAt);
        var resolved = await App.Postal().PostJson($"/v1/cases/{caseId}/resolution", new { finding = "abuse_confirmed", note = "piece counts rewound twice; referred to the Inspection Service" }).Ok();
        Assert.Equal(("resolved", "abuse_confirmed"), ((string)resolved["status"]!, (string)resolved["finding"]!));
        Assert.NotNull((string?)resolved["resolved_by"]);
    }

    [SkippableFact]
    public async Task ReturningADeviceToService_ResolvesItsOpenCasesAsCleared()
    {
        var who = await App.NewLicensee("Cleared Case Mailer");
        var provider = App.Provider();
        var caseId = await LockedCase(who.DeviceId);
        await provider.PostRaw($"/v1/devices/{who.DeviceId}/audits", "").Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/devices/{who.DeviceId}/return-to-service", new { finding = "clock skew at the provider; audit clean" }).Ok();
        var row = await Row(caseId);
        Assert.Equal(("cleared", "clock skew at the provider; audit clean"), (row.Finding, row.ResolutionNote));
        Assert.Equal("resolved", (string)(await provider.GetAsync($"/v1/cases/{caseId}").Ok())["status"]!);
    }
}

[Collection("sqlite")]
public sealed class SqliteCaseResolutionTests(SqliteAppFixture f) : CaseResolutionTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresCaseResolutionTests(PostgresAppFixture f) : CaseResolutionTests(() => f.App), IClassFixture<PostgresAppFixture>;
