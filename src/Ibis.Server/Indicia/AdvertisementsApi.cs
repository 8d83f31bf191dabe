using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// Advertising art and slogans (P050 4.10, §502.20(d)). The provider supplies the matter ("a
/// licensee must obtain the content ... from the authorized Provider") and must obtain prior
/// approval for it. Approval is therefore not the provider's own act: the provider submits, and the
/// Postal Service (postal role) approves or rejects — also judging what software cannot, that the
/// art is not obscene, defamatory or deceptive and does not advocate unlawful action. Only approved
/// matter prints (ad_not_approved).
/// </summary>
public static class AdvertisementsApi
{
    public const int MaxTextLength = AdvertisingMustFitItsSpaceRule.MaxTextLength, MaxLines = AdvertisingMustFitItsSpaceRule.MaxLines;

    public static void MapAdvertisements(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Indicia"); // one tag per module in the API reference
        v1.MapPost("/advertisements", Submit).WithName("SubmitAdvertisement").Idempotent()
            .WithSummary("Provider: submit advertising art or a slogan for approval (P050 4.10).")
            .Accepts<AdvertisementInput>("application/json").Produces<AdvertisementView>(201).ProducesProblem(400).ProducesProblem(403);
        v1.MapGet("/advertisements", List).WithName("ListAdvertisements")
            .WithSummary("Provider: its matter; Postal Service: all; licensee: the approved matter it may print. Oldest first.").Paged<AdvertisementView>();
        v1.MapGet("/advertisements/{id}", Get).WithName("GetAdvertisement").ProducesProblem(404);
        v1.MapPost("/advertisements/{id}/approve", (string id, HttpContext http, DecideAdvertisement decide, CancellationToken ct) => Decide(id, ApprovalStatus.Approved, http, decide, ct))
            .WithName("ApproveAdvertisement").WithSummary("Postal Service: approve submitted matter (P050 4.10, §502.20(d)).");
        v1.MapPost("/advertisements/{id}/reject", (string id, HttpContext http, DecideAdvertisement decide, CancellationToken ct) => Decide(id, ApprovalStatus.Rejected, http, decide, ct))
            .WithName("RejectAdvertisement").WithSummary("Postal Service: reject submitted matter, with the reason.");
        v1.MapPost("/advertisements/{id}/withdraw", Withdraw).WithName("WithdrawAdvertisement")
            .WithSummary("Provider: stop offering matter; it no longer prints.");
    }

    private static async Task<IResult> Submit(HttpContext http, SubmitAdvertisement submit, CancellationToken ct)
    {
        var view = await submit.Handle(Caller.From(http.User), await JsonBody.Read<AdvertisementInput>(http.Request, ct), ct);
        return Results.Created($"/v1/advertisements/{view.Id}", view);
    }

    private static async Task<IResult> List(HttpContext http, IbisDb db, CancellationToken ct) =>
        Results.Ok(await Lists.Page(AdvertisementReads.Visible(db, Caller.From(http.User)), PageQuery.Read(http.Request),
            new ListOrder<AdvertisementRow, DateTimeOffset>(a => a.SubmittedAt, a => a.Id, Descending: false, Created: a => a.SubmittedAt), AdvertisementView.From, ct));

    private static async Task<IResult> Get(string id, HttpContext http, IbisDb db, CancellationToken ct)
    {
        var row = await AdvertisementReads.Visible(db, Caller.From(http.User)).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw ApiException.NotFound("advertisement", id);
        return Results.Ok(AdvertisementView.From(row));
    }

    private static async Task<IResult> Decide(string id, ApprovalStatus decision, HttpContext http, DecideAdvertisement decide, CancellationToken ct) =>
        Results.Ok(await decide.Handle(Caller.From(http.User), id, decision, await Approvals.ReadReason(http, ct), ct));

    private static async Task<IResult> Withdraw(string id, HttpContext http, WithdrawAdvertisement withdraw, CancellationToken ct) =>
        Results.Ok(await withdraw.Handle(Caller.From(http.User), id, ct));
}

/// <summary>Helpers of the two approval workflows (advertising matter and designs).</summary>
internal static class Approvals
{
    public static string Name(string? name)
    {
        var n = (name ?? "").Trim();
        if (n.Length is 0 or > 80) throw ApiException.Invalid("name_invalid", "name is required (1–80 characters)", "name");
        return n;
    }

    /// <summary>The decision's reason from the request body, which an approval may leave out altogether.</summary>
    public static async Task<string?> ReadReason(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            return (await JsonBody.Read<DecisionInput>(http.Request, ct)).Reason;
        return null;
    }

    /// <summary>A rejection needs its reason; an approval may carry a note.</summary>
    public static string? Reason(ApprovalStatus decision, string? reason)
    {
        reason = reason?.Trim();
        if (decision == ApprovalStatus.Rejected && string.IsNullOrEmpty(reason))
            throw ApiException.Invalid("reason_required", "a rejection says why (reason)", "reason");
        return string.IsNullOrEmpty(reason) ? null : reason;
    }
}

public sealed record DecisionInput(string? Reason);

public sealed record AdvertisementView(string Id, string Object, string Name, string Kind, string Text, string? LicenseeId, string Status,
    DateTimeOffset SubmittedAt, DateTimeOffset? DecidedAt, string? DecisionReason)
{
    /// <summary>The decision in the API's one vocabulary: approved, rejected or pending (the rule's word stays in status).</summary>
    public string Decision => Api.Decisions.Of(Status);

    public static AdvertisementView From(AdvertisementRow r) =>
        new(r.Id, "advertisement", r.Name, r.Kind, r.Text ?? "", r.LicenseeId, r.Status.ToText(), r.SubmittedAt, r.DecidedAt, r.DecisionReason);
}
