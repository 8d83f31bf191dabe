using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Rendering.Mailpieces;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Indicia;

public sealed record DesignInput(string? Name, string? Layout, string? ApprovalReference);

/// <summary>
/// P050 4.1: the provider registers an indicium design approved for its product, citing that approval, on one of the
/// layouts the renderer draws; the Postal Service confirms it (<see cref="DecideIndiciumDesign"/>) before it prints.
/// </summary>
internal sealed class RegisterIndiciumDesign(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<DesignView> Handle(Caller caller, DesignInput input, CancellationToken ct) => pipeline.Run(caller, null, ct =>
    {
        Rules.Check(new OnlyTheProviderRegistersDesignsRule(caller.Role == Caller.ProviderRole && caller.ProviderId is not null));
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
        return Task.FromResult(DesignView.From(row));
    }, ct);
}
