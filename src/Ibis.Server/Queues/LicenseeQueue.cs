using Ibis.Data;
using Ibis.Domain.Funds;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>
/// The licensee's own: its duties (reports of a lost device within 30 days, §502.24), its devices'
/// watchdogs (a reset or audit before they end, §502.23), deposits on their way, refunds in
/// progress and unread messages.
/// </summary>
internal sealed class LicenseeQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var licensee = caller.LicenseeId;
        var duties = await QueueReads.OpenDuties(db, caller, ct);
        var watchdogs = await QueueReads.WatchdogsDue(db.Devices.Where(d => d.LicenseeId == licensee), now, ct);
        var deposits = await (from d in db.Deposits.AsNoTracking()
                              join a in db.DepositAccounts on d.AccountId equals a.Id
                              where d.Status == DepositStatus.Pending && a.LicenseeId == licensee
                              select d.Id).CountAsync(ct);
        var refunds = await db.RefundRequests.AsNoTracking()
            .CountAsync(r => r.LicenseeId == licensee && r.Sandbox == caller.IsSandbox && r.Status != RefundStatus.Paid && r.Status != RefundStatus.Rejected, ct);
        var unread = await db.Outbox.AsNoTracking().CountAsync(m => m.UserId == caller.UserOrKeyId && m.ReadAt == null, ct);
        return
        [
            new("watchdogs", "Devices needing a reset or audit", watchdogs.Count, "/portal#devices", "See your devices",
                "A device stops printing when its watchdog ends; a reset renews it (§502.23).")
                { Urgent = watchdogs.Any(w => w.Deadline <= now), Examples = QueueReads.WatchdogExamples(watchdogs, now) },
            new("duties", "Things you must do", duties.Count, "/portal/compliance", "Open compliance", WorkQueues.DueHint(duties, now))
                { Urgent = duties.Any(d => d <= now) },
            new("deposits", "Deposits on their way", deposits, "/portal/account", "Open your deposit account",
                "Payments to your deposit account that have not cleared yet."),
            new("refunds", "Refunds in progress", refunds, "/portal/refunds", "Open refunds",
                "Requests for refunds of unused postage your provider and the Postal Service are handling."),
            new("inbox", "Unread messages", unread, "/portal/compliance/inbox", "Open your inbox",
                "Notices and reminders sent to you."),
        ];
    }
}
