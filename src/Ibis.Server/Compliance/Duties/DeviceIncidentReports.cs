using Ibis.Domain.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>§502.20(g): the incident report of each lost or stolen device, due on the day the incident records; done when filed.</summary>
internal sealed class LostStolenIncidentReport : IDutySource
{
    public IDutyRule Rule => LostStolenIncidentReportDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var rows = await scan.Db.Incidents.AsNoTracking()
            .Where(i => (i.Kind == "lost" || i.Kind == "stolen") && i.IncidentReportDueOn != null)
            .Select(i => new { i.Id, i.ProviderId, i.LicenseeId, i.Sandbox, Due = i.IncidentReportDueOn!.Value, i.IncidentReportFiledAt })
            .ToListAsync(ct);
        return rows.Select(i => new DutyFact(i.Id, IncidentDeadline.EndOf(i.Due), i.ProviderId, i.LicenseeId, i.Sandbox, i.IncidentReportFiledAt)).ToList();
    }
}

/// <summary>§502.24(d): the recovery report of each recovered device, due 30 days after the recovery; done when filed.</summary>
internal sealed class RecoveryReport : IDutySource
{
    public IDutyRule Rule => RecoveryReportDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var rows = await scan.Db.Incidents.AsNoTracking()
            .Where(i => i.RecoveryReportDueOn != null)
            .Select(i => new { i.Id, i.ProviderId, i.LicenseeId, i.Sandbox, Due = i.RecoveryReportDueOn!.Value, i.RecoveryReportFiledAt })
            .ToListAsync(ct);
        return rows.Select(i => new DutyFact(i.Id, IncidentDeadline.EndOf(i.Due), i.ProviderId, i.LicenseeId, i.Sandbox, i.RecoveryReportFiledAt)).ToList();
    }
}

/// <summary>§502.20(f): the retrieval of each defective device, due 3 business days after its report; done when retrieved.</summary>
internal sealed class DefectiveDeviceRetrieval : IDutySource
{
    public IDutyRule Rule => DefectiveDeviceRetrievalDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var rows = await scan.Db.Incidents.AsNoTracking()
            .Where(i => i.Kind == "defective" && i.RetrievalDueOn != null)
            .Select(i => new { i.Id, i.ProviderId, i.LicenseeId, i.Sandbox, Due = i.RetrievalDueOn!.Value, i.RetrievedAt })
            .ToListAsync(ct);
        return rows.Select(i => new DutyFact(i.Id, IncidentDeadline.EndOf(i.Due), i.ProviderId, i.LicenseeId, i.Sandbox, i.RetrievedAt)).ToList();
    }
}
