using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>
/// Applications, licenses, appeals, notices, provider tasks and leases over HTTP. Every endpoint is
/// tagged "Licensing" so the authorization matrix test finds it.
/// </summary>
public static class LicensingWorkflowApi
{
    public const string Tag = "Licensing";

    public static void MapLicensingWorkflow(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("").WithTags(Tag);
        g.MapPost("/applications", Apply).WithName("ApplyForLicense")
            .WithSummary("Form 3601-A: apply for a license at the post office where mail will be deposited (P050 2.1). Licensee, or provider on its behalf.")
            .Accepts<ApplicationRequest>("application/json").Produces<ApplicationView>(201).ProducesProblem(400).ProducesProblem(409).ProducesProblem(422);
        g.MapGet("/applications", ListApplications).WithName("ListApplications");
        g.MapGet("/applications/{applicationId}", GetApplication).WithName("GetApplication");
        g.MapPost("/applications/{applicationId}/transmission", Transmit).WithName("TransmitApplication")
            .WithSummary("Provider: transmit the 3601-A to the Postal Service (§502.20(b)); an immutable, versioned document.");
        g.MapPost("/applications/{applicationId}/decision", Decide).WithName("DecideApplication")
            .WithSummary("Licensing official: approve (issue Form 3601-B) or refuse for a reason of P050 2.2.").Accepts<DecisionRequest>("application/json");
        g.MapGet("/licenses", ListLicenses).WithName("ListLicenses");
        g.MapGet("/licenses/{licenseId}", GetLicense).WithName("GetLicense");
        g.MapPost("/licenses/{licenseId}/updates", Update).WithName("UpdateLicenseInformation")
            .WithSummary("Changed 3601-A information (P050 2.5d); a new post office means relicensing after the PSD is checked out (P050 2.5e).")
            .Accepts<ApplicationRequest>("application/json").Produces<ApplicationView>(201);
        g.MapPost("/licenses/{licenseId}/revocation", Revoke).WithName("RevokeLicense")
            .WithSummary("Licensing official: revoke for a reason a–f of P050 2.3; notices and the provider's §502.20(h) tasks.").Accepts<RevocationRequest>("application/json");
        g.MapPost("/appeals", FileAppeal).WithName("FileAppeal")
            .WithSummary("Refused applicant or revoked licensee: written appeal within 10 calendar days of receipt (P050 2.4).").Accepts<AppealRequest>("application/json");
        g.MapGet("/appeals", ListAppeals).WithName("ListAppeals");
        g.MapGet("/appeals/{appealId}", GetAppeal).WithName("GetAppeal");
        g.MapPost("/appeals/{appealId}/decision", DecideAppeal).WithName("DecideAppeal")
            .WithSummary("Appeals manager (Manager, MTM): grant or deny; recorded and notified.").Accepts<AppealDecisionRequest>("application/json");
        g.MapGet("/notices", ListNotices).WithName("ListNotices").WithSummary("Written notices of licensing decisions to the caller.");
        g.MapGet("/provider-tasks", ListTasks).WithName("ListProviderTasks");
        g.MapPost("/provider-tasks/{taskId}/completion", CompleteTask).WithName("CompleteProviderTask");
        g.MapPost("/leases", Lease).WithName("SignLease")
            .WithSummary("Provider: a signed lease with its financial agreement for resetting, to a valid licensee only (§502.20(c), P050 2.5i).").Accepts<LeaseRequest>("application/json");
        g.MapGet("/leases", ListLeases).WithName("ListLeases");
    }

    private static async Task<IResult> Apply(HttpContext http, LicensingWorkflow w, CancellationToken ct)
    {
        var view = await w.Apply(Caller.From(http.User), await JsonBody.Read<ApplicationRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/applications/{view.Id}", view);
    }

    private static async Task<IResult> ListApplications(HttpContext http, LicensingWorkflow w, CancellationToken ct)
    {
        var rows = await w.VisibleApplications(Caller.From(http.User)).AsNoTracking().OrderByDescending(a => a.SubmittedAt).Take(200).ToListAsync(ct);
        var views = new List<ApplicationView>();
        foreach (var r in rows) views.Add((await w.View(r, ct)) with { Form = null }); // the list shows no form content
        return Results.Ok(new ListOf<ApplicationView>("list", views));
    }

    private static async Task<IResult> GetApplication(string applicationId, HttpContext http, LicensingWorkflow w, CancellationToken ct) =>
        Results.Ok(await w.Get(Caller.From(http.User), applicationId, ct));

    private static async Task<IResult> Transmit(string applicationId, HttpContext http, LicensingWorkflow w, CancellationToken ct) =>
        Results.Ok(await w.Transmit(Caller.From(http.User), applicationId, ct));

    private static async Task<IResult> Decide(string applicationId, HttpContext http, LicensingWorkflow w, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Caller.LicensingOfficialRole) throw new ApiException(403, "forbidden", "only the Postal Service's licensing official decides applications (P050 2.1)");
        return Results.Ok(await w.Decide(caller, applicationId, await JsonBody.Read<DecisionRequest>(http.Request, ct), ct));
    }

    private static async Task<IResult> ListLicenses(HttpContext http, LicensingWorkflow w, CancellationToken ct)
    {
        var rows = await w.VisibleLicenses(Caller.From(http.User)).AsNoTracking().OrderByDescending(l => l.IssuedAt).Take(500).ToListAsync(ct);
        return Results.Ok(new ListOf<LicenseView>("list", rows.Select(LicenseView.From).ToList()));
    }

    private static async Task<IResult> GetLicense(string licenseId, HttpContext http, LicensingWorkflow w, CancellationToken ct)
    {
        var row = await w.VisibleLicenses(Caller.From(http.User)).AsNoTracking().FirstOrDefaultAsync(l => l.Id == licenseId, ct) ?? throw ApiException.NotFound("license", licenseId);
        return Results.Ok(LicenseView.From(row));
    }

    private static async Task<IResult> Update(string licenseId, HttpContext http, LicensingWorkflow w, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role is not (Caller.LicenseeRole or Caller.ProviderRole)) throw new ApiException(403, "forbidden", "the licensee reports changes to its provider, who transmits them (P050 2.5d)");
        var view = await w.Update(caller, licenseId, await JsonBody.Read<ApplicationRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/applications/{view.Id}", view);
    }

    private static async Task<IResult> Revoke(string licenseId, HttpContext http, LicensingWorkflow w, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Caller.LicensingOfficialRole) throw new ApiException(403, "forbidden", "only the Postal Service's licensing official revokes licenses (P050 2.3)");
        return Results.Ok(await w.Revoke(caller, licenseId, await JsonBody.Read<RevocationRequest>(http.Request, ct), ct));
    }

    private static async Task<IResult> FileAppeal(HttpContext http, Appeals a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Caller.LicenseeRole) throw new ApiException(403, "forbidden", "the refused applicant or revoked licensee files the appeal (P050 2.4)");
        var view = await a.File(caller, await JsonBody.Read<AppealRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/appeals/{view.Id}", view);
    }

    private static async Task<IResult> ListAppeals(HttpContext http, Appeals a, CancellationToken ct)
    {
        var rows = await a.VisibleAppeals(Caller.From(http.User)).AsNoTracking().OrderByDescending(x => x.FiledAt).Take(200).ToListAsync(ct);
        return Results.Ok(new ListOf<AppealView>("list", rows.Select(AppealView.From).ToList()));
    }

    private static async Task<IResult> GetAppeal(string appealId, HttpContext http, Appeals a, CancellationToken ct)
    {
        var row = await a.VisibleAppeals(Caller.From(http.User)).AsNoTracking().FirstOrDefaultAsync(x => x.Id == appealId, ct) ?? throw ApiException.NotFound("appeal", appealId);
        return Results.Ok(AppealView.From(row));
    }

    private static async Task<IResult> DecideAppeal(string appealId, HttpContext http, Appeals a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Caller.AppealsManagerRole) throw new ApiException(403, "forbidden", "appeals are decided by the Manager, Metering Technology Management (P050 2.4)");
        return Results.Ok(await a.Decide(caller, appealId, await JsonBody.Read<AppealDecisionRequest>(http.Request, ct), ct));
    }

    private static async Task<IResult> ListNotices(HttpContext http, Appeals a, CancellationToken ct)
    {
        var rows = await a.VisibleNotices(Caller.From(http.User)).AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Take(500).ToListAsync(ct);
        return Results.Ok(new ListOf<NoticeView>("list", rows.Select(NoticeView.From).ToList()));
    }

    private static async Task<IResult> ListTasks(HttpContext http, Appeals a, CancellationToken ct)
    {
        var rows = await a.VisibleTasks(Caller.From(http.User)).AsNoTracking().OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(500).ToListAsync(ct);
        return Results.Ok(new ListOf<ProviderTaskView>("list", rows.Select(ProviderTaskView.From).ToList()));
    }

    private static async Task<IResult> CompleteTask(string taskId, HttpContext http, Appeals a, CancellationToken ct) =>
        Results.Ok(await a.Complete(Caller.From(http.User), taskId, ct));

    private static async Task<IResult> Lease(HttpContext http, Appeals a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Caller.ProviderRole) throw new ApiException(403, "forbidden", "the provider leases IBI systems (§502.20(a))");
        var view = await a.Lease(caller, await JsonBody.Read<LeaseRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/leases/{view.Id}", view);
    }

    private static async Task<IResult> ListLeases(HttpContext http, Appeals a, CancellationToken ct)
    {
        var rows = await a.VisibleLeases(Caller.From(http.User)).AsNoTracking().OrderBy(l => l.CreatedAt).Take(500).ToListAsync(ct);
        return Results.Ok(new ListOf<LeaseView>("list", rows.Select(LeaseView.From).ToList()));
    }
}
