using Ibis.Domain.Compliance;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// P050 2.5h, §502.26: each device in service owes a quality-assurance mailpiece 6 months after it was
/// initialized or after its last sample. When a sample is forwarded the deadline moves on: the duty at
/// the old deadline is done (at the sample) and a new one opens. A device out of service owes nothing more.
/// </summary>
internal sealed class MailpieceSampleEverySixMonths : IDutySource
{
    // A locked or suspended device is still the licensee's and may print again; these are not.
    private static readonly HashSet<DeviceStatus> OutOfService = [DeviceStatus.Withdrawn, DeviceStatus.Lost, DeviceStatus.Stolen, DeviceStatus.Defective, DeviceStatus.Inventory];

    public IDutyRule Rule => MailpieceSampleEverySixMonthsDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var devices = await scan.Db.Devices.AsNoTracking()
            .Where(d => d.CommissionedAt != null && d.LicenseeId != null)
            .Select(d => new
            {
                d.Id, d.Status, d.ProviderId, d.LicenseeId, d.Sandbox, d.WithdrawnAt, Commissioned = d.CommissionedAt!.Value,
                LastSample = scan.Db.QualitySamples.Where(s => s.DeviceId == d.Id).Max(s => (DateTimeOffset?)s.SubmittedAt),
            })
            .ToListAsync(ct);
        var facts = devices.Where(d => d.Status == DeviceStatus.InService)
            .Select(d => new DutyFact(d.Id, MailpieceSampleEverySixMonthsDuty.DueAt(d.Commissioned, d.LastSample), d.ProviderId, d.LicenseeId, d.Sandbox))
            .ToList();
        var standing = devices.ToDictionary(d => d.Id, d => new MovingDeadlines.Standing(
            MailpieceSampleEverySixMonthsDuty.DueAt(d.Commissioned, d.LastSample), d.LastSample, OutOfService.Contains(d.Status), d.WithdrawnAt));
        facts.AddRange(MovingDeadlines.Settle(scan, standing, DutyOutcome.Lapsed));
        return facts;
    }
}
