using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Rendering.Mailpieces;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// The registry of indicium designs (P050 4.1: designs must be those the provider specified when the
/// product was approved by the USPS). The provider registers a design, naming the layout the
/// renderer draws and the approval it cites; the Postal Service confirms it. Printing names a
/// registered design (or gets the built-in one for its medium); any other is refused.
/// </summary>
public static class IndiciumDesignsApi
{
    public static void MapIndiciumDesigns(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Indicia"); // one tag per module in the API reference
        v1.MapPost("/indicium-designs", Register).WithName("RegisterIndiciumDesign").Idempotent()
            .WithSummary("Provider: register an indicium design approved for its product (P050 4.1).")
            .Accepts<DesignInput>("application/json").Produces<DesignView>(201).ProducesProblem(400).ProducesProblem(403);
        v1.MapGet("/indicium-designs", List).WithName("ListIndiciumDesigns").WithSummary("The designs the caller may see or print with, oldest first.").Paged<DesignView>();
        v1.MapPost("/indicium-designs/{id}/approve", (string id, HttpContext http, DecideIndiciumDesign decide, CancellationToken ct) => Decide(id, ApprovalStatus.Approved, http, decide, ct))
            .WithName("ApproveIndiciumDesign").WithSummary("Postal Service: confirm a registered design as approved for the product.");
        v1.MapPost("/indicium-designs/{id}/reject", (string id, HttpContext http, DecideIndiciumDesign decide, CancellationToken ct) => Decide(id, ApprovalStatus.Rejected, http, decide, ct))
            .WithName("RejectIndiciumDesign").WithSummary("Postal Service: refuse a registered design, with the reason.");
    }

    private static async Task<IResult> Register(HttpContext http, RegisterIndiciumDesign register, CancellationToken ct)
    {
        var view = await register.Handle(Caller.From(http.User), await JsonBody.Read<DesignInput>(http.Request, ct), ct);
        return Results.Created($"/v1/indicium-designs/{view.Id}", view);
    }

    private static async Task<IResult> List(HttpContext http, IbisDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var providerId = caller.Role == Caller.LicenseeRole
            ? await db.Licensees.Where(l => l.Id == caller.LicenseeId).Select(l => l.ProviderId).FirstOrDefaultAsync(ct)
            : caller.ProviderId;
        var visible = db.IndiciumDesigns.AsNoTracking()
            .Where(d => caller.Role == Caller.PostalRole || d.ProviderId == null || d.ProviderId == providerId)
            .Where(d => caller.Role != Caller.LicenseeRole || d.Status == ApprovalStatus.Approved);
        return Results.Ok(await Lists.Page(visible, PageQuery.Read(http.Request),
            new ListOrder<IndiciumDesignRow, DateTimeOffset>(d => d.RegisteredAt, d => d.Id, Descending: false, Created: d => d.RegisteredAt), DesignView.From, ct));
    }

    private static async Task<IResult> Decide(string id, ApprovalStatus decision, HttpContext http, DecideIndiciumDesign decide, CancellationToken ct) =>
        Results.Ok(await decide.Handle(Caller.From(http.User), id, decision, await Approvals.ReadReason(http, ct), ct));
}

public sealed record DesignView(string Id, string Object, string Name, string Layout, string ApprovalReference, bool BuiltIn, string Status,
    DateTimeOffset RegisteredAt, DateTimeOffset? DecidedAt, string? DecisionReason)
{
    /// <summary>The decision in the API's one vocabulary: approved, rejected or pending (the rule's word stays in status).</summary>
    public string Decision => Api.Decisions.Of(Status);

    public static DesignView From(IndiciumDesignRow r) =>
        new(r.Id, "indicium_design", r.Name, r.Layout, r.ApprovalReference, r.ProviderId is null, r.Status.ToText(), r.RegisteredAt, r.DecidedAt, r.DecisionReason);
}
