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
    /// <summary>The designs built into Ibis, one per renderer layout, approved from the start.</summary>
    public static readonly IReadOnlyList<(string Id, IndiciumDesign Layout)> BuiltIn =
    [
        ("dsg_ibis_standard_v1", IndiciumDesigns.Standard),
        ("dsg_ibis_label_v1", IndiciumDesigns.Label),
    ];

    public static string BuiltInFor(Medium medium) => BuiltIn.First(b => b.Layout == IndiciumDesigns.DefaultFor(medium)).Id;

    public static void MapIndiciumDesigns(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Indicia"); // one tag per module in the API reference
        v1.MapPost("/indicium-designs", Register).WithName("RegisterIndiciumDesign").Idempotent()
            .WithSummary("Provider: register an indicium design approved for its product (P050 4.1).")
            .Accepts<DesignInput>("application/json").Produces<DesignView>(201).ProducesProblem(400).ProducesProblem(403);
        v1.MapGet("/indicium-designs", List).WithName("ListIndiciumDesigns").WithSummary("The designs the caller may see or print with, oldest first.").Paged<DesignView>();
        v1.MapPost("/indicium-designs/{id}/approve", (string id, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct) => Decide(id, ApprovalStatus.Approved, http, db, clock, ct))
            .WithName("ApproveIndiciumDesign").WithSummary("Postal Service: confirm a registered design as approved for the product.");
        v1.MapPost("/indicium-designs/{id}/reject", (string id, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct) => Decide(id, ApprovalStatus.Rejected, http, db, clock, ct))
            .WithName("RejectIndiciumDesign").WithSummary("Postal Service: refuse a registered design, with the reason.");
    }

    /// <summary>Stores the built-in designs on a fresh database.</summary>
    public static async Task SeedBuiltIn(IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        foreach (var (id, layout) in BuiltIn)
        {
            if (await db.IndiciumDesigns.AnyAsync(d => d.Id == id, ct)) continue;
            db.IndiciumDesigns.Add(new IndiciumDesignRow
            {
                Id = id, ProviderId = null, Name = layout.Description, Layout = layout.Id, ApprovalReference = "Ibis built-in design",
                Status = ApprovalStatus.Approved, RegisteredBy = "ibis", RegisteredAt = clock.GetUtcNow(), DecidedBy = "ibis", DecidedAt = clock.GetUtcNow(),
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node seeded them first.
        }
    }

    private static async Task<IResult> Register(HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        Rules.Check(new OnlyTheProviderRegistersDesignsRule(caller.Role == Caller.ProviderRole && caller.ProviderId is not null));
        var input = await JsonBody.Read<DesignInput>(http.Request, ct);
        var name = Approvals.Name(input.Name);
        var layout = IndiciumDesigns.Find(input.Layout)
                     ?? throw ApiException.Invalid("layout_unknown", $"layout '{input.Layout}' is not one the renderer draws; use one of: {string.Join(", ", IndiciumDesigns.All.Select(d => d.Id))}", "layout");
        var reference = (input.ApprovalReference ?? "").Trim();
        Rules.Check(new DesignMustCiteProductApprovalRule(reference));
        var row = new IndiciumDesignRow
        {
            Id = Ids.New("dsg"), ProviderId = caller.ProviderId!, Name = name, Layout = layout.Id, ApprovalReference = reference,
            Status = ApprovalStatus.Submitted, RegisteredBy = caller.UserOrKeyId, RegisteredAt = clock.GetUtcNow(),
        };
        db.IndiciumDesigns.Add(row);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/v1/indicium-designs/{row.Id}", DesignView.From(row));
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

    private static async Task<IResult> Decide(string id, ApprovalStatus decision, HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        Rules.Check(new OnlyThePostalServiceApprovesDesignsRule(caller.Role == Caller.PostalRole));
        var reason = await Approvals.Reason(http, decision, ct);
        var row = await db.IndiciumDesigns.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw ApiException.NotFound("indicium_design", id);
        Rules.Check(new ApprovalMustBeUndecidedRule(ApprovalSubject.Design, id, row.Status));
        (row.Status, row.DecidedBy, row.DecidedAt, row.DecisionReason) = (decision, caller.UserOrKeyId, clock.GetUtcNow(), reason);
        await db.SaveChangesAsync(ct);
        return Results.Ok(DesignView.From(row));
    }
}

public sealed record DesignInput(string? Name, string? Layout, string? ApprovalReference);

public sealed record DesignView(string Id, string Object, string Name, string Layout, string ApprovalReference, bool BuiltIn, string Status,
    DateTimeOffset RegisteredAt, DateTimeOffset? DecidedAt, string? DecisionReason)
{
    /// <summary>The decision in the API's one vocabulary: approved, rejected or pending (the rule's word stays in status).</summary>
    public string Decision => Api.Decisions.Of(Status);

    public static DesignView From(IndiciumDesignRow r) =>
        new(r.Id, "indicium_design", r.Name, r.Layout, r.ApprovalReference, r.ProviderId is null, r.Status.ToText(), r.RegisteredAt, r.DecidedAt, r.DecisionReason);
}
