using Ibis.Data;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>
/// The auditor's checks (§502.19, §502.23, §502.20(m)): devices whose audit is overdue (their watchdog
/// ended while in service), open cases, and the providers' daily financial transactions of the last week.
/// </summary>
internal sealed class AuditorQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var overdue = await db.Devices.AsNoTracking()
            .CountAsync(d => d.Sandbox == caller.IsSandbox && d.Status == DeviceStatus.InService && d.WatchdogDeadline <= now, ct);
        var cases = await QueueReads.OpenCases(db, caller, ct);
        var since = now.AddDays(-7);
        var files = await (from t in db.Transmissions.AsNoTracking()
                           join p in db.Providers on t.ProviderId equals p.Id
                           where p.Sandbox == caller.IsSandbox && t.CreatedAt >= since
                           select t.Id).CountAsync(ct);
        return
        [
            new("audits-overdue", "Devices with an overdue audit", overdue, "/portal/compliance", "Open compliance",
                "Devices in service whose watchdog has ended: no audit within the period (§502.23).") { Urgent = overdue > 0 },
            new("cases", "Open cases", cases, "/portal/compliance", "Open compliance",
                "Failed audits and register integrity failures under investigation."),
            new("transmissions", "Transmissions to review (7 days)", files, "/portal/transmissions", "Open transmissions",
                "Daily financial transactions and account closings the providers transmitted."),
        ];
    }
}
