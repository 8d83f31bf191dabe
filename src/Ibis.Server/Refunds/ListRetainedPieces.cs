using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Refunds;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>A refund whose returned pieces the provider still holds, and the day they may be destroyed.</summary>
public sealed record RetainedRefundView(string Id, string Object, string Kind, string LicenseeId, string ProviderId, string? DeviceId, int Pieces, MoneyView Certified,
    DateTimeOffset SentAt, DateTimeOffset DestructionDate, RefundAuditView? Audit, string Refund);

/// <summary>
/// §502.27(a)(7): the unused envelopes "must be retained by the Provider for 45 days after the Form 3533 has been
/// sent to the District", open to a Postal Service audit (<see cref="AuditRetainedPieces"/>). Lists the refunds whose
/// pieces are retained, with the day they may be destroyed and the latest audit: to the roles that audit, and to
/// the provider, which keeps them.
/// </summary>
public sealed class ListRetainedPieces(IbisDb db)
{
    /// <summary>The retained refunds the caller may see, soonest destruction first (the provider sees its own, to prepare them).</summary>
    public async Task<IReadOnlyList<RetainedRefundView>> Handle(Caller caller, CancellationToken ct)
    {
        if (caller.Role != Caller.ProviderRole) AuditRetainedPieces.Access.Authorize(caller);
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
}
