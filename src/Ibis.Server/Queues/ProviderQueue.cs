using Ibis.Data;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Domain.Quality;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>
/// The provider's work (DESIGN §5 "a provider works queues"): applications to transmit (P050 2.1),
/// deposits waiting to clear (P050 3.5a), its dated duties and tasks (§502.20, §502.24), watchdogs
/// running out (§502.23), open cases, quality samples to grade (§502.26) and refunds to review and
/// certify (§502.27(a)(2)–(4)) — only its own customers' and devices'.
/// </summary>
internal sealed class ProviderQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var provider = caller.ProviderId;
        var applications = await db.LicenseApplications.AsNoTracking()
            .CountAsync(a => a.ProviderId == provider && a.Status == LicenseApplicationStatus.Submitted, ct);
        var deposits = await (from d in db.Deposits.AsNoTracking()
                              join a in db.DepositAccounts on d.AccountId equals a.Id
                              join l in db.Licensees on a.LicenseeId equals l.Id
                              where d.Status == DepositStatus.Pending && l.ProviderId == provider && l.Sandbox == caller.IsSandbox
                              select d.Id).CountAsync(ct);
        var duties = await QueueReads.OpenDuties(db, caller, ct);
        duties.AddRange(await db.ProviderTasks.AsNoTracking().Where(t => t.ProviderId == provider && t.Status == ProviderTaskStatus.Open).Select(t => t.DueAt).ToListAsync(ct));
        var watchdogs = await QueueReads.WatchdogsDue(db.Devices.Where(d => d.ProviderId == provider), now, ct);
        var cases = await QueueReads.OpenCases(db, caller, ct);
        var samples = await db.QualitySamples.AsNoTracking()
            .CountAsync(s => s.ProviderId == provider && s.Sandbox == caller.IsSandbox && s.Status == QualitySampleStatus.Submitted, ct);
        var refunds = await db.RefundRequests.AsNoTracking()
            .CountAsync(r => r.ProviderId == provider && r.Sandbox == caller.IsSandbox && (r.Status == RefundStatus.Requested || r.Status == RefundStatus.UnderReview), ct);

        return
        [
            new("applications", "Applications to transmit", applications, "/portal/licensing", "Open licensing",
                "Forms 3601-A your customers submitted; transmit them to the Postal Service (P050 2.1)."),
            new("deposits", "Deposits pending", deposits, "/portal/accounts", "Open deposit accounts",
                "Payments not yet cleared into a deposit account (P050 3.5)."),
            new("duties", "Duties and tasks due", duties.Count, "/portal/compliance", "Open compliance", WorkQueues.DueHint(duties, now))
                { Urgent = duties.Any(d => d <= now) },
            new("watchdogs", "Watchdogs ending within 14 days", watchdogs.Count, "/portal#devices", "See the devices",
                "Devices that need a reset or an audit before their watchdog ends (§502.23).")
                { Urgent = watchdogs.Any(w => w.Deadline <= now), Examples = QueueReads.WatchdogExamples(watchdogs, now) },
            new("cases", "Open cases", cases, "/portal/cases", "Open cases",
                "Failed audits and register integrity failures to investigate.") { Urgent = cases > 0 },
            new("quality-samples", "Quality samples to grade", samples, "/portal/compliance", "Open compliance",
                "Mailpieces licensees forwarded for quality assurance (P050 2.5h, §502.26); grade them through POST /v1/quality-samples/{id}/evaluation."),
            new("refunds", "Refunds to review and certify", refunds, "/portal/refunds", "Open refunds",
                "Form 3533 requests: verify the pieces, then certify the amount (§502.27(a))."),
        ];
    }
}
