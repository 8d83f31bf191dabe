using Ibis.Domain.Compliance;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// P050 2.5c, 3.4, §502.23: each device in service owes a reset or audit by its watchdog deadline. When
/// one happens the deadline moves on: the duty at the old deadline is done (at the audit or reset) and
/// a new one opens at the new deadline. A device checked out of service owes nothing more.
/// </summary>
internal sealed class ResetOrAuditEveryThreeMonths : IDutySource
{
    public IDutyRule Rule => ResetOrAuditEveryThreeMonthsDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var facts = new List<DutyFact>();
        var inService = await scan.Db.Devices.AsNoTracking()
            .Where(d => d.Status == DeviceStatus.InService && d.LicenseeId != null)
            .Select(d => new { d.Id, d.ProviderId, d.LicenseeId, d.Sandbox, d.WatchdogDeadline })
            .ToListAsync(ct);
        facts.AddRange(inService.Select(d => new DutyFact(d.Id, d.WatchdogDeadline, d.ProviderId, d.LicenseeId, d.Sandbox)));

        var openIds = scan.Open.Select(o => o.SubjectId).Distinct().ToList();
        var devices = await scan.Db.Devices.AsNoTracking().Where(d => openIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Status, d.WatchdogDeadline, d.LastAuditAt, d.LastResetAt, d.WithdrawnAt })
            .ToDictionaryAsync(d => d.Id, ct);
        var standing = devices.ToDictionary(kv => kv.Key, kv => new MovingDeadlines.Standing(
            kv.Value.WatchdogDeadline, Latest(kv.Value.LastAuditAt, kv.Value.LastResetAt), kv.Value.Status == DeviceStatus.Withdrawn, kv.Value.WithdrawnAt));
        // A withdrawn device's duty is closed as done, as before: the check-out ends the device's obligations.
        facts.AddRange(MovingDeadlines.Settle(scan, standing, DutyOutcome.Done));
        return facts;
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
