using Ibis.Domain.Compliance;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// P050 2.5h, §502.26: each device in service owes a quality-assurance mailpiece 6 months after it was
/// initialized or after its last sample. When a sample is forwarded the deadline moves on: the duty at
/// the old deadline is done (at the sample) and a new one opens. A device out of service owes nothing more.
/// </summary>
public sealed class MailpieceSampleEverySixMonths : IDutySource
{
    // A locked or suspended device is still the licensee's and may print again; these are not.
    private static readonly HashSet<string> OutOfService = [DeviceStatus.Withdrawn, DeviceStatus.Lost, DeviceStatus.Stolen, DeviceStatus.Defective, DeviceStatus.Inventory];

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
        var byId = devices.ToDictionary(d => d.Id);
        var facts = devices.Where(d => d.Status == DeviceStatus.InService)
            .Select(d => new DutyFact(d.Id, MailpieceSampleEverySixMonthsDuty.DueAt(d.Commissioned, d.LastSample), d.ProviderId, d.LicenseeId, d.Sandbox))
            .ToList();
        foreach (var open in scan.Open)
        {
            if (!byId.TryGetValue(open.SubjectId, out var d)) continue;
            if (MailpieceSampleEverySixMonthsDuty.DueAt(d.Commissioned, d.LastSample) > open.DueAt)
                facts.Add(Completed(open, d.LastSample ?? scan.Now, DutyOutcome.Done)); // a sample was forwarded: the deadline moved on
            else if (OutOfService.Contains(d.Status))
                facts.Add(Completed(open, d.WithdrawnAt ?? scan.Now, DutyOutcome.Lapsed));
        }
        return facts;
    }

    private static DutyFact Completed(Data.Entities.DutyRow open, DateTimeOffset at, DutyOutcome outcome) =>
        new(open.SubjectId, open.DueAt, open.ProviderId, open.LicenseeId, open.Sandbox, at, outcome);
}
