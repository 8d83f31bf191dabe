using Ibis.Domain.Compliance;
using Ibis.Domain.Licensing;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// §502.20(h): the revocation workflow records the provider's "remove_psd" task with its 15-day due
/// date (Licensing); this duty gives that date its consequences — a reminder, and when it passes with
/// the task still open, an escalation to the Postal Service. Done when the task is.
/// </summary>
internal sealed class RemoveDeviceAfterRevocation : IDutySource
{
    public IDutyRule Rule => RemoveDeviceAfterRevocationDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var tasks = await (from t in scan.Db.ProviderTasks.AsNoTracking()
                           join l in scan.Db.Licensees on t.LicenseeId equals l.Id
                           where t.Kind == "remove_psd" && t.DeviceId != null
                           select new { t.Id, t.DeviceId, t.ProviderId, t.LicenseeId, t.DueAt, t.Status, t.CompletedAt, l.Sandbox })
            .ToListAsync(ct);
        return tasks.Select(t => new DutyFact(t.DeviceId!, t.DueAt, t.ProviderId, t.LicenseeId, t.Sandbox,
            t.Status == ProviderTaskStatus.Open ? null : t.CompletedAt ?? scan.Now)).ToList();
    }
}
