using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

public sealed record AuditRefundCommand(string? Finding);

/// <summary>
/// §502.27(a)(7): "The unused envelopes must be retained by the Provider for 45 days after the Form
/// 3533 has been sent to the District. During this period the Postal Service reserves the right to
/// audit the pieces and the Providers processing of the refund request." Records an audit (who, when,
/// what was found) while the pieces exist; what is retained, with its destruction date, is listed by
/// <see cref="ListRetainedPieces"/>, the destruction itself logged by <see cref="DestroyRetainedPieces"/>.
/// </summary>
public sealed class AuditRetainedPieces(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>The Postal Service audits; the coordinator who approves, the auditors and inspectors may.</summary>
    public static readonly Access Access = Access.For(OrganisationRoles.RefundCoordinator, OrganisationRoles.Postal, OrganisationRoles.Auditor, OrganisationRoles.Inspector);

    public Task<RefundView> Handle(Caller caller, string refundId, AuditRefundCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        ArgumentNullException.ThrowIfNull(command);
        Rules.Check(new AuditMustStateFindingRule(command.Finding));
        var row = await RefundRecords.LoadForUpdate(db, caller, refundId, ct);
        Rules.Check(new AuditRequiresRetainedPiecesRule(row.Id, row.SentAt, row.PiecesDestroyedAt));
        var now = clock.GetUtcNow();
        row.AuditedAt = now;
        row.AuditedBy = caller.UserOrKeyId;
        row.AuditFinding = command.Finding!.Trim();
        await RefundRecords.Record(db, row, "audited", caller.UserOrKeyId, row.AuditFinding, now, ct);
        return await RefundRecords.View(db, row, ct);
    }, ct);
}
