using Ibis.Data;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>The district MATS coordinator's refunds (§502.27(a)(5)–(6)): certified Forms 3533 to approve or reject, and device balances at check-out.</summary>
internal sealed class RefundCoordinatorQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var certified = await db.RefundRequests.AsNoTracking()
            .Where(r => r.Sandbox == caller.IsSandbox && r.Status == RefundStatus.Certified)
            .Select(r => new { r.Kind, r.CertifiedMills }).ToListAsync(ct);
        var total = Domain.Money.Mills.FromMills(certified.Sum(r => r.CertifiedMills ?? 0));
        return
        [
            new("certified", "Refunds to approve", certified.Count, "/portal/refunds", "Open refunds",
                certified.Count == 0 ? "Nothing waiting." : $"{total.ToDollarString()} certified by providers; {certified.Count(r => r.Kind == RefundKind.DeviceBalance)} of them device balances (§502.27(b)).")
                { Urgent = certified.Count > 0 },
        ];
    }
}
