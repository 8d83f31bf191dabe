using Ibis.Data;
using Ibis.Domain.Licensing;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>The licensing official's decisions: transmitted applications to approve or refuse (P050 2.1–2.2) and licenses whose holders must be watched after a revocation (P050 2.3).</summary>
internal sealed class LicensingOfficialQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var transmitted = await (from a in db.LicenseApplications.AsNoTracking()
                                 join l in db.Licensees on a.LicenseeId equals l.Id
                                 where l.Sandbox == caller.IsSandbox && a.Status == LicenseApplicationStatus.Transmitted
                                 select new { a.Kind, a.TransmittedAt }).ToListAsync(ct);
        var since = now.AddDays(-30);
        var revoked = await (from n in db.Notices.AsNoTracking()
                             join l in db.Licensees on n.LicenseeId equals l.Id
                             where l.Sandbox == caller.IsSandbox && n.Kind == "license_revoked" && n.Recipient == "licensee" && n.CreatedAt >= since
                             select n.Id).CountAsync(ct);
        var oldest = transmitted.Where(t => t.TransmittedAt is not null).Select(t => t.TransmittedAt!.Value).DefaultIfEmpty(now).Min();
        return
        [
            new("applications", "Applications to decide", transmitted.Count, "/portal/licensing", "Open licensing",
                transmitted.Count == 0 ? "Nothing waiting." : $"{transmitted.Count(t => t.Kind == "new")} new, {transmitted.Count(t => t.Kind != "new")} updates or relicensing; the oldest was transmitted {(int)(now - oldest).TotalDays} days ago.")
                { Urgent = transmitted.Count > 0 && (now - oldest).TotalDays >= 7 },
            new("revocations", "Licenses revoked (30 days)", revoked, "/portal/licensing", "Open licensing",
                "Revocations that may still be appealed within 10 days (P050 2.4)."),
        ];
    }
}
