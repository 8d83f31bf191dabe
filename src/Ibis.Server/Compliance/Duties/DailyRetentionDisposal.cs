using Ibis.Domain.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// Notice 820.100 "Retention and Disposal": every UTC day owes a disposal run (the scheduled job, or the
/// privacy officer's). Days are counted from the first run the installation made, so a day the
/// scheduler was down and never caught up shows as overdue.
/// </summary>
public sealed class DailyRetentionDisposal : IDutySource
{
    public const int LookBackDays = 31;

    public IDutyRule Rule => DailyRetentionDisposalDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(scan.Now.UtcDateTime);
        var from = scan.Now.AddDays(-LookBackDays);
        var runs = await scan.Db.RetentionRuns.AsNoTracking().Where(r => r.RanAt >= from).Select(r => r.RanAt).ToListAsync(ct);
        var firstEver = await scan.Db.RetentionRuns.AsNoTracking().OrderBy(r => r.RanAt).Select(r => (DateTimeOffset?)r.RanAt).FirstOrDefaultAsync(ct);
        if (firstEver is null) return [];
        var start = DateOnly.FromDateTime((firstEver.Value > from ? firstEver.Value : from).UtcDateTime);
        var byDay = runs.GroupBy(r => DateOnly.FromDateTime(r.UtcDateTime)).ToDictionary(g => g.Key, g => g.Min());
        var facts = new List<DutyFact>();
        for (var day = start; day <= today; day = day.AddDays(1))
            facts.Add(new DutyFact(DailyRetentionDisposalDuty.SubjectOf(day), DailyRetentionDisposalDuty.DueAt(day), null, null, false,
                byDay.TryGetValue(day, out var ran) ? ran : null));
        return facts;
    }
}
