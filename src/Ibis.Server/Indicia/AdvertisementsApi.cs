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
        v1.MapPost("/advertisements/{id}/approve", (string id, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct) => Decide(id, ApprovalStatus.Approved, http, db, clock, ct))
            .WithName("ApproveAdvertisement").WithSummary("Postal Service: approve submitted matter (P050 4.10, §502.20(d)).");
        v1.MapPost("/advertisements/{id}/reject", (string id, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct) => Decide(id, ApprovalStatus.Rejected, http, db, clock, ct))
            .WithName("RejectAdvertisement").WithSummary("Postal Service: reject submitted matter, with the reason.");
        v1.MapPost("/advertisements/{id}/withdraw", Withdraw).WithName("WithdrawAdvertisement")
            .WithSummary("Provider: stop offering matter; it no longer prints.");
    }

    private static async Task<IResult> Submit(HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        Rules.Check(new OnlyTheProviderSuppliesAdvertisingRule(caller.Role == Caller.ProviderRole && caller.ProviderId is not null));
        var input = await JsonBody.Read<AdvertisementInput>(http.Request, ct);
        var name = Approvals.Name(input.Name);
        var kind = input.Kind ?? "slogan";
        if (kind is not ("slogan" or "art")) throw ApiException.Invalid("kind_invalid", "kind is slogan or art", "kind");
        var text = (input.Text ?? "").Replace("\r\n", "\n").Trim();
        if (text.Length == 0) throw ApiException.Invalid("text_required", "text is required: the words printed with the indicium", "text");
        Rules.Check(new AdvertisingMustFitItsSpaceRule(text));
        string? mailer = null;
        if (input.LicenseeId is not null)
        {
            var licensee = await db.Licensees.AsNoTracking().FirstOrDefaultAsync(l => l.Id == input.LicenseeId && l.ProviderId == caller.ProviderId, ct)
                           ?? throw ApiException.NotFound("licensee", input.LicenseeId);
            mailer = licensee.Name;
        }
        Rules.Check(new AdMustIdentifyMailerRule(text, mailer));
        var row = new AdvertisementRow
        {
            Id = Ids.New("ad"), ProviderId = caller.ProviderId!, LicenseeId = input.LicenseeId, Name = name, Kind = kind,
            Caption = mailer ?? "MAILER'S MESSAGE", Text = text, Status = ApprovalStatus.Submitted,
            SubmittedBy = caller.UserOrKeyId, SubmittedAt = clock.GetUtcNow(),
        };
        db.Advertisements.Add(row);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/v1/advertisements/{row.Id}", AdvertisementView.From(row));
    }

    private static async Task<IResult> List(HttpContext http, IbisDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        return Results.Ok(await Lists.Page(Visible(db, caller), PageQuery.Read(http.Request),
            new ListOrder<AdvertisementRow, DateTimeOffset>(a => a.SubmittedAt, a => a.Id, Descending: false, Created: a => a.SubmittedAt), AdvertisementView.From, ct));
    }

    private static async Task<IResult> Get(string id, HttpContext http, IbisDb db, CancellationToken ct)
    {
        var row = await Visible(db, Caller.From(http.User)).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw ApiException.NotFound("advertisement", id);
        return Results.Ok(AdvertisementView.From(row));
    }

    private static IQueryable<AdvertisementRow> Visible(IbisDb db, Caller caller)
    {
        var all = db.Advertisements.AsNoTracking();
        return caller.Role switch
        {
            Caller.PostalRole => all,
            Caller.ProviderRole => all.Where(a => a.ProviderId == caller.ProviderId),
            Caller.LicenseeRole => all.Where(a => a.Status == ApprovalStatus.Approved && (a.LicenseeId == null || a.LicenseeId == caller.LicenseeId)
                                                  && db.Licensees.Any(l => l.Id == caller.LicenseeId && l.ProviderId == a.ProviderId)),
            _ => all.Where(_ => false),
        };
    }

    private static async Task<IResult> Decide(string id, ApprovalStatus decision, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        Rules.Check(new OnlyThePostalServiceApprovesAdvertisingRule(caller.Role == Caller.PostalRole));
        var reason = await Approvals.Reason(http, decision, ct);
        var row = await db.Advertisements.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw ApiException.NotFound("advertisement", id);
        Rules.Check(new ApprovalMustBeUndecidedRule(ApprovalSubject.Advertisement, id, row.Status));
        if (decision == ApprovalStatus.Approved) Rules.Check(new AdMustIdentifyMailerRule(row.Text ?? "", row.LicenseeId is null ? null : row.Caption));
        (row.Status, row.DecidedBy, row.DecidedAt, row.DecisionReason) = (decision, caller.UserOrKeyId, clock.GetUtcNow(), reason);
        await db.SaveChangesAsync(ct);
        return Results.Ok(AdvertisementView.From(row));
    }

    private static async Task<IResult> Withdraw(string id, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var row = await db.Advertisements.FirstOrDefaultAsync(a => a.Id == id && caller.Role == Caller.ProviderRole && a.ProviderId == caller.ProviderId, ct)
                  ?? throw ApiException.NotFound("advertisement", id);
        (row.Status, row.DecidedBy, row.DecidedAt) = (ApprovalStatus.Withdrawn, caller.UserOrKeyId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return Results.Ok(AdvertisementView.From(row));
    }
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

    /// <summary>A rejection needs its reason; an approval may carry a note.</summary>
    public static async Task<string?> Reason(HttpContext http, ApprovalStatus decision, CancellationToken ct)
    {
        DecisionInput? input = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            input = await JsonBody.Read<DecisionInput>(http.Request, ct);
        var reason = input?.Reason?.Trim();
        if (decision == ApprovalStatus.Rejected && string.IsNullOrEmpty(reason))
            throw ApiException.Invalid("reason_required", "a rejection says why (reason)", "reason");
        return string.IsNullOrEmpty(reason) ? null : reason;
    }
}

public sealed record DecisionInput(string? Reason);

public sealed record AdvertisementInput(string? Name, string? Kind, string? Text, string? LicenseeId);

public sealed record AdvertisementView(string Id, string Object, string Name, string Kind, string Text, string? LicenseeId, string Status,
    DateTimeOffset SubmittedAt, DateTimeOffset? DecidedAt, string? DecisionReason)
{
    /// <summary>The decision in the API's one vocabulary: approved, rejected or pending (the rule's word stays in status).</summary>
    public string Decision => Api.Decisions.Of(Status);

    public static AdvertisementView From(AdvertisementRow r) =>
        new(r.Id, "advertisement", r.Name, r.Kind, r.Text ?? "", r.LicenseeId, r.Status.ToText(), r.SubmittedAt, r.DecidedAt, r.DecisionReason);
}
