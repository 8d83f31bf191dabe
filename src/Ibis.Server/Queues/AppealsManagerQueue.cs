using Ibis.Data;
using Ibis.Domain.Licensing;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>The manager's appeals (P050 2.4): written appeals against a refusal or a revocation, waiting for a decision.</summary>
internal sealed class AppealsManagerQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var pending = await (from a in db.Appeals.AsNoTracking()
                             join l in db.Licensees on a.LicenseeId equals l.Id
                             where l.Sandbox == caller.IsSandbox && a.Status == AppealStatus.Pending
                             select new { a.Against, a.FiledAt }).ToListAsync(ct);
        var oldest = pending.Select(p => p.FiledAt).DefaultIfEmpty(now).Min();
        return
        [
            new("appeals", "Appeals to decide", pending.Count, "/portal/licensing", "Open licensing",
                pending.Count == 0 ? "Nothing waiting." : $"{pending.Count(p => p.Against == "refusal")} against refusals, {pending.Count(p => p.Against != "refusal")} against revocations; the oldest was filed {(int)(now - oldest).TotalDays} days ago.")
                { Urgent = pending.Count > 0 },
        ];
    }
}
