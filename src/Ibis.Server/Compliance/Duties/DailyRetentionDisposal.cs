using Ibis.Domain.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// Notice 820.100 "Retention and Disposal": the disposal runs every day (the scheduled job, or the
/// privacy officer by hand). The duty rolls like the watchdog: after each run the next is due within
/// <see cref="DailyRetentionDisposalDuty.Grace"/>; a run closes the open duty. Downtime longer than that
/// shows as one overdue duty — until the start-up run closes it — not one per missed day.
/// </summary>
internal sealed class DailyRetentionDisposal : IDutySource
{
    public const string Subject = "retention_disposal";

    public IDutyRule Rule => DailyRetentionDisposalDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var latest = await scan.Db.RetentionRuns.AsNoTracking().OrderByDescending(r => r.RanAt).Select(r => (DateTimeOffset?)r.RanAt).FirstOrDefaultAsync(ct);
        if (latest is not { } ran) return [];
        var facts = new List<DutyFact> { new(Subject, DailyRetentionDisposalDuty.DueAt(ran), null, null, false) };
        // An open duty whose deadline came from an earlier run was discharged by the latest run.
        facts.AddRange(scan.Open.Where(o => o.DueAt < DailyRetentionDisposalDuty.DueAt(ran))
            .Select(o => new DutyFact(o.SubjectId, o.DueAt, null, null, false, ran)));
        return facts;
    }
}
