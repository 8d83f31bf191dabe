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

/// <summary>A refund whose returned pieces the provider still holds, and the day they may be destroyed.</summary>
public sealed record RetainedRefundView(string Id, string Object, string Kind, string LicenseeId, string ProviderId, string? DeviceId, int Pieces, MoneyView Certified,
    DateTimeOffset SentAt, DateTimeOffset DestructionDate, RefundAuditView? Audit, string Refund);

/// <summary>
/// §502.27(a)(7): "The unused envelopes must be retained by the Provider for 45 days after the Form
/// 3533 has been sent to the District. During this period the Postal Service reserves the right to
/// audit the pieces and the Providers processing of the refund request." Lists what is retained, with
/// its destruction date, and records an audit (who, when, what was found) while the pieces exist; the
/// destruction itself is logged by <see cref="DestroyRetainedPieces"/>.
/// </summary>
public sealed class AuditRetainedPieces(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>The Postal Service audits; the coordinator who approves, the auditors and inspectors may.</summary>
    public static readonly Access Access = Access.For(OrganisationRoles.RefundCoordinator, OrganisationRoles.Postal, OrganisationRoles.Auditor, OrganisationRoles.Inspector);

    /// <summary>The retained refunds the caller may see, soonest destruction first (the provider sees its own, to prepare them).</summary>
    public async Task<IReadOnlyList<RetainedRefundView>> Retained(Caller caller, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) Access.Authorize(caller);
        var rows = await RefundRecords.Visible(db, caller).AsNoTracking()
            .Where(r => r.SentAt != null && r.RetainUntil != null && r.PiecesDestroyedAt == null)
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var counts = await db.RefundPieces.AsNoTracking().Where(p => ids.Contains(p.RefundId)).GroupBy(p => p.RefundId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return rows.OrderBy(r => r.RetainUntil!.Value.UtcTicks).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => new RetainedRefundView(
            r.Id, "retained_refund", r.Kind.ToText(), r.LicenseeId, r.ProviderId, r.DeviceId, counts.GetValueOrDefault(r.Id), MoneyView.OfMills(r.CertifiedMills ?? 0),
            r.SentAt!.Value, r.RetainUntil!.Value, r.AuditedAt is { } at ? new RefundAuditView(at, r.AuditedBy ?? "", r.AuditFinding ?? "") : null,
            $"/v1/refunds/{r.Id}")).ToList();
    }

    public Task<RefundView> Audit(Caller caller, string refundId, AuditRefundCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
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
