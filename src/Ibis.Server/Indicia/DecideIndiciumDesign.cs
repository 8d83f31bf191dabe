using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>P050 4.1: the Postal Service confirms a registered design as approved for the product, or refuses it with the reason.</summary>
internal sealed class DecideIndiciumDesign(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<DesignView> Handle(Caller caller, string id, ApprovalStatus decision, string? reason, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        Rules.Check(new OnlyThePostalServiceApprovesDesignsRule(caller.Role == Caller.PostalRole));
        reason = Approvals.Reason(decision, reason);
        var row = await db.IndiciumDesigns.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw ApiException.NotFound("indicium_design", id);
        Rules.Check(new ApprovalMustBeUndecidedRule(ApprovalSubject.Design, id, row.Status));
        (row.Status, row.DecidedBy, row.DecidedAt, row.DecisionReason) = (decision, caller.UserOrKeyId, clock.GetUtcNow(), reason);
        return DesignView.From(row);
    }, ct);
}
