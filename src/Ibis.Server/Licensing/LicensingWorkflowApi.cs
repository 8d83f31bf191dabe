using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
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
        g.MapPost("/applications", Apply).WithName("ApplyForLicense").Idempotent()
            .WithSummary("Form 3601-A: apply for a license at the post office where mail will be deposited (P050 2.1). Licensee, or provider on its behalf.")
            .Accepts<ApplicationRequest>("application/json").Produces<ApplicationView>(201).ProducesProblem(400).ProducesProblem(409).ProducesProblem(422);
        g.MapGet("/applications", ListApplications).WithName("ListApplications").WithSummary("Applications the caller may see, newest first.").Paged<ApplicationView>();
        g.MapGet("/applications/{applicationId}", GetApplication).WithName("GetApplication");
        g.MapPost("/applications/{applicationId}/transmission", Transmit).WithName("TransmitApplication")
            .WithSummary("Provider: transmit the 3601-A to the Postal Service (§502.20(b)); an immutable, versioned document.");
        g.MapPost("/applications/{applicationId}/decision", Decide).WithName("DecideApplication")
            .WithSummary("Licensing official: approve (issue Form 3601-B) or refuse for a reason of P050 2.2.").Accepts<DecisionRequest>("application/json");
        g.MapGet("/licenses", ListLicenses).WithName("ListLicenses").WithSummary("Licenses the caller may see, newest first.").Paged<LicenseView>();
        g.MapGet("/licenses/{licenseId}", GetLicense).WithName("GetLicense");
        g.MapPost("/licenses/{licenseId}/updates", Update).WithName("UpdateLicenseInformation").Idempotent()
            .WithSummary("Changed 3601-A information (P050 2.5d); a new post office means relicensing after the PSD is checked out (P050 2.5e).")
            .Accepts<ApplicationRequest>("application/json").Produces<ApplicationView>(201);
        g.MapPost("/licenses/{licenseId}/revocation", Revoke).WithName("RevokeLicense")
            .WithSummary("Licensing official: revoke for a reason a–f of P050 2.3; notices and the provider's §502.20(h) tasks.").Accepts<RevocationRequest>("application/json");
        g.MapPost("/appeals", FileAppeal).WithName("FileAppeal").Idempotent()
            .WithSummary("Refused applicant or revoked licensee: written appeal within 10 calendar days of receipt (P050 2.4).").Accepts<AppealRequest>("application/json");
        g.MapGet("/appeals", ListAppeals).WithName("ListAppeals").WithSummary("Appeals the caller may see, newest first.").Paged<AppealView>();
        g.MapGet("/appeals/{appealId}", GetAppeal).WithName("GetAppeal");
        g.MapPost("/appeals/{appealId}/decision", DecideAppeal).WithName("DecideAppeal")
            .WithSummary("Appeals manager (Manager, MTM): grant or deny; recorded and notified.").Accepts<AppealDecisionRequest>("application/json");
        g.MapGet("/notices", ListNotices).WithName("ListNotices").WithSummary("Written notices of licensing decisions to the caller, newest first.").Paged<NoticeView>();
        g.MapGet("/provider-tasks", ListTasks).WithName("ListProviderTasks").WithSummary("The provider's tasks (§502.20(h)), the nearest due date first.").Paged<ProviderTaskView>();
        g.MapPost("/provider-tasks/{taskId}/completion", CompleteTask).WithName("CompleteProviderTask");
        g.MapPost("/leases", Lease).WithName("SignLease").Idempotent()
            .WithSummary("Provider: a signed lease with its financial agreement for resetting, to a valid licensee only (§502.20(c), P050 2.5i).").Accepts<LeaseRequest>("application/json");
        g.MapGet("/leases", ListLeases).WithName("ListLeases").WithSummary("Leases the caller may see, newest first.").Paged<LeaseView>();
    }

    private static async Task<IResult> Apply(HttpContext http, ApplyForLicense a, CancellationToken ct)
    {
        var view = await a.Handle(Caller.From(http.User), await JsonBody.Read<ApplicationRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/applications/{view.Id}", view);
    }

    private static async Task<IResult> ListApplications(HttpContext http, LicensingQueries q, ApplicationReads reads, CancellationToken ct)
    {
        // The list shows no form content.
        return Results.Ok(await Lists.Page(q.VisibleApplications(Caller.From(http.User)).AsNoTracking(), PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.LicenseApplicationRow>(a => a.SubmittedAt, a => a.Id), async r => (await reads.View(Caller.From(http.User), r, ct)) with { Form = null }, ct));
    }

    private static async Task<IResult> GetApplication(string applicationId, HttpContext http, ApplicationReads reads, CancellationToken ct) =>
        Results.Ok(await reads.Get(Caller.From(http.User), applicationId, ct));

    private static async Task<IResult> Transmit(string applicationId, HttpContext http, TransmitApplication a, CancellationToken ct) =>
        Results.Ok(await a.Handle(Caller.From(http.User), applicationId, ct));

    private static async Task<IResult> Decide(string applicationId, HttpContext http, DecideApplication a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        DecideApplication.Access.Authorize(caller); // a caller who may not decide hears so before its body is read
        return Results.Ok(await a.Handle(caller, applicationId, await JsonBody.Read<DecisionRequest>(http.Request, ct), ct));
    }

    private static async Task<IResult> ListLicenses(HttpContext http, LicensingQueries q, CancellationToken ct)
    {
        return Results.Ok(await Lists.Page(q.VisibleLicenses(Caller.From(http.User)).AsNoTracking(), PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.LicenseRow>(l => l.IssuedAt, l => l.Id), LicenseView.From, ct));
    }

    private static async Task<IResult> GetLicense(string licenseId, HttpContext http, LicensingQueries q, CancellationToken ct)
    {
        var row = await q.VisibleLicenses(Caller.From(http.User)).AsNoTracking().FirstOrDefaultAsync(l => l.Id == licenseId, ct) ?? throw ApiException.NotFound("license", licenseId);
        return Results.Ok(LicenseView.From(row));
    }

    private static async Task<IResult> Update(string licenseId, HttpContext http, UpdateLicenseInformation a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        UpdateLicenseInformation.Access.Authorize(caller);
        var view = await a.Handle(caller, licenseId, await JsonBody.Read<ApplicationRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/applications/{view.Id}", view);
    }

    private static async Task<IResult> Revoke(string licenseId, HttpContext http, RevokeLicense a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        RevokeLicense.Access.Authorize(caller);
        return Results.Ok(await a.Handle(caller, licenseId, await JsonBody.Read<RevocationRequest>(http.Request, ct), ct));
    }

    private static async Task<IResult> FileAppeal(HttpContext http, Licensing.FileAppeal a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        Licensing.FileAppeal.Access.Authorize(caller);
        var view = await a.Handle(caller, await JsonBody.Read<AppealRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/appeals/{view.Id}", view);
    }

    private static async Task<IResult> ListAppeals(HttpContext http, LicensingQueries a, CancellationToken ct)
    {
        return Results.Ok(await Lists.Page(a.VisibleAppeals(Caller.From(http.User)).AsNoTracking(), PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.AppealRow>(x => x.FiledAt, x => x.Id), AppealView.From, ct));
    }

    private static async Task<IResult> GetAppeal(string appealId, HttpContext http, LicensingQueries a, CancellationToken ct)
    {
        var row = await a.VisibleAppeals(Caller.From(http.User)).AsNoTracking().FirstOrDefaultAsync(x => x.Id == appealId, ct) ?? throw ApiException.NotFound("appeal", appealId);
        return Results.Ok(AppealView.From(row));
    }

    private static async Task<IResult> DecideAppeal(string appealId, HttpContext http, Licensing.DecideAppeal a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        Licensing.DecideAppeal.Access.Authorize(caller);
        return Results.Ok(await a.Handle(caller, appealId, await JsonBody.Read<AppealDecisionRequest>(http.Request, ct), ct));
    }

    private static async Task<IResult> ListNotices(HttpContext http, LicensingQueries a, CancellationToken ct)
    {
        return Results.Ok(await Lists.Page(a.VisibleNotices(Caller.From(http.User)).AsNoTracking(), PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.NoticeRow>(n => n.CreatedAt, n => n.Id), NoticeView.From, ct));
    }

    private static async Task<IResult> ListTasks(HttpContext http, LicensingQueries a, CancellationToken ct)
    {
        return Results.Ok(await Lists.Page(a.VisibleTasks(Caller.From(http.User)).AsNoTracking(), PageQuery.Read(http.Request),
            new ListOrder<Ibis.Data.Entities.ProviderTaskRow, DateTimeOffset>(t => t.DueAt, t => t.Id, Descending: false, Created: t => t.CreatedAt), ProviderTaskView.From, ct));
    }

    private static async Task<IResult> CompleteTask(string taskId, HttpContext http, CompleteProviderTask a, CancellationToken ct) =>
        Results.Ok(await a.Handle(Caller.From(http.User), taskId, ct));

    private static async Task<IResult> Lease(HttpContext http, SignLease a, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        SignLease.Access.Authorize(caller);
        var view = await a.Handle(caller, await JsonBody.Read<LeaseRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/leases/{view.Id}", view);
    }

    private static async Task<IResult> ListLeases(HttpContext http, LicensingQueries a, CancellationToken ct)
    {
        return Results.Ok(await Lists.Page(a.VisibleLeases(Caller.From(http.User)).AsNoTracking(), PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.LeaseRow>(l => l.CreatedAt, l => l.Id), LeaseView.From, ct));
    }
}
