using Ibis.Domain.Compliance;

namespace Ibis.Server.Compliance.Duties;

/// <summary>§502.17: each provider's day with test indicia owes its logged destruction by the end of the next day.</summary>
internal sealed class TestIndiciaDestroyedDaily : IDutySource
{
    public IDutyRule Rule => TestIndiciaDestroyedDailyDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct) =>
        (await TestIndiciaDestruction.Days(scan.Db, scan.Now, ct))
        .Select(d => new DutyFact(TestIndiciaDestroyedDailyDuty.SubjectOf(d.ProviderId, d.Day), TestIndiciaDestroyedDailyDuty.DueAt(d.Day), d.ProviderId, null, true, d.DestroyedAt))
        .ToList();
}
