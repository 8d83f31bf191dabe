using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>Privacy Act requests and the retention run over HTTP; every endpoint is tagged "Privacy" for the authorization matrix test.</summary>
public static class PrivacyApi
{
    public const string Tag = "Privacy";

    public static void MapPrivacy(this RouteGroupBuilder v1)
    {
        var g = v1.MapGroup("").WithTags(Tag);
        g.MapPost("/privacy-requests", Submit).WithName("SubmitPrivacyRequest").RequireAccess(SubmitPrivacyRequest.Access).Idempotent()
            .WithSummary("Customer: a written inquiry (name, customer ID and/or logon ID) or a request to amend its record (notice 820.100).")
            .Accepts<PrivacyRequestInput>("application/json").Produces<PrivacyRequestView>(201);
        g.MapGet("/privacy-requests", List).WithName("ListPrivacyRequests").WithSummary("Privacy Act requests the caller may see, newest first.").Paged<PrivacyRequestView>();
        g.MapPost("/privacy-requests/written-inquiries", LogWritten).WithName("LogWrittenInquiry").RequireAccess(LogWrittenInquiry.Access).Idempotent()
            .WithSummary("Privacy officer: log a written inquiry received by the system manager (notice 820.100 Notification Procedure) and how it arrived.")
            .Accepts<WrittenInquiryInput>("application/json").Produces<PrivacyRequestView>(201);
        g.MapPost("/privacy-requests/{requestId}/verification", Verify).WithName("VerifyRequesterIdentity").RequireAccess(VerifyRequesterIdentity.Access).Accepts<VerificationRequest>("application/json");
        g.MapGet("/privacy-requests/{requestId}/report", Report).WithName("GetPrivacyReport");
        g.MapPost("/privacy-requests/{requestId}/decision", Decide).WithName("DecideAmendmentRequest").RequireAccess(DecideAmendment.Access).Accepts<AmendmentDecisionRequest>("application/json");
        g.MapPost("/privacy/disclosures", Disclose).WithName("DiscloseCustomerRecord")
            .WithSummary("Privacy officer: disclose a customer record outside the Postal Service under a routine use of notice 820.100; the accounting line (5 U.S.C. 552a(c)) is written with it.")
            .Accepts<DisclosureRequest>("application/json").Produces<DisclosedRecordView>(201);
        g.MapGet("/privacy/disclosures", ListDisclosures).WithName("ListDisclosures")
            .WithSummary("The accounting of disclosures (5 U.S.C. 552a(c)(3)), newest first: the privacy officer's whole view, or a verified requester's own.").Paged<DisclosureView>();
        g.MapPost("/retention/runs", Run).WithName("RunRetention").RequireAccess(RetentionOverview.Access).WithSummary("Privacy officer: dispose now of what is due (the daily job does the same).");
        g.MapGet("/retention/disposals", Disposals).WithName("ListDisposals").RequireAccess(RetentionOverview.Access).WithSummary("Privacy officer: the disposal log, oldest first.").Paged<DisposalView>();
        g.MapGet("/retention/schedule", Schedule).WithName("GetRetentionSchedule").RequireAccess(RetentionOverview.Access)
            .WithSummary("Privacy officer: the four rules, what is due now and next, the last runs and the latest disposals.");
    }

    private static async Task<IResult> Submit(HttpContext http, SubmitPrivacyRequest submit, CancellationToken ct)
    {
        var view = await submit.Handle(Caller.From(http.User), await JsonBody.Read<PrivacyRequestInput>(http.Request, ct), ct);
        return Results.Created($"/v1/privacy-requests/{view.Id}", view);
    }

    private static async Task<IResult> List(HttpContext http, PrivacyRequestReads p, CancellationToken ct)
    {
        return Results.Ok(await Lists.Page(p.Visible(Caller.From(http.User)).AsNoTracking(), PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.PrivacyRequestRow>(r => r.ReceivedAt, r => r.Id), PrivacyRequestView.From, ct));
    }

    private static async Task<IResult> LogWritten(HttpContext http, LogWrittenInquiry log, CancellationToken ct)
    {
        var view = await log.Handle(Caller.From(http.User), await JsonBody.Read<WrittenInquiryInput>(http.Request, ct), ct);
        return Results.Created($"/v1/privacy-requests/{view.Id}", view);
    }

    private static async Task<IResult> Schedule(RetentionOverview overview, CancellationToken ct) => Results.Ok(await overview.Get(ct));

    private static async Task<IResult> Verify(string requestId, HttpContext http, VerifyRequesterIdentity verify, CancellationToken ct) =>
        Results.Ok(await verify.Handle(Caller.From(http.User), requestId, await JsonBody.Read<VerificationRequest>(http.Request, ct), ct));

    private static async Task<IResult> Report(string requestId, HttpContext http, AnswerPrivacyInquiry answer, CancellationToken ct) =>
        Results.Ok(await answer.Handle(Caller.From(http.User), requestId, ct));

    private static async Task<IResult> Decide(string requestId, HttpContext http, DecideAmendment decide, CancellationToken ct) =>
        Results.Ok(await decide.Handle(Caller.From(http.User), requestId, await JsonBody.Read<AmendmentDecisionRequest>(http.Request, ct), ct));

    private static async Task<IResult> Disclose(HttpContext http, DiscloseRecord disclose, CancellationToken ct)
    {
        var view = await disclose.Handle(Caller.From(http.User), await JsonBody.Read<DisclosureRequest>(http.Request, ct), ct);
        return Results.Created($"/v1/privacy/disclosures/{view.Disclosure.Id}", view);
    }

    private static async Task<IResult> ListDisclosures(HttpContext http, DisclosureReads d, CancellationToken ct) =>
        Results.Ok(await d.List(Caller.From(http.User), PageQuery.Read(http.Request), ct));

    private static async Task<IResult> Run(RetentionDisposal r, CancellationToken ct) => Results.Ok(ListView<DisposalView>.Of(await r.Run(ct)));

    private static async Task<IResult> Disposals(HttpContext http, Ibis.Data.IbisDb db, CancellationToken ct) =>
        Results.Ok(await Lists.Page(db.Disposals.AsNoTracking(), PageQuery.Read(http.Request),
            new ListOrder<Ibis.Data.Entities.DisposalRow, DateTimeOffset>(d => d.DisposedAt, d => d.Id, Descending: false, Created: d => d.DisposedAt), DisposalView.From, ct));
}
