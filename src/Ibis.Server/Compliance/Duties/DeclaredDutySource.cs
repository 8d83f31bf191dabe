using Ibis.Domain.Compliance;
using Ibis.Domain.Licensing;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// A licensee's recurring duty on each valid license that Ibis cannot observe, so the licensee declares
/// it done (<see cref="DeclareDutyDone"/>): the first falls due a period after the license was issued,
/// each next one a period after the last was declared. A license no longer valid owes nothing more.
/// </summary>
internal abstract class DeclaredDutySource : IDutySource
{
    public abstract IDutyRule Rule { get; }

    protected abstract DateTimeOffset DueAfter(DateTimeOffset since);

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var licenses = await (from l in scan.Db.Licenses.AsNoTracking()
                              join c in scan.Db.Licensees on l.LicenseeId equals c.Id
                              select new { l.Id, l.Status, l.IssuedAt, l.RevokedAt, l.LicenseeId, c.ProviderId, c.Sandbox })
            .ToListAsync(ct);
        var code = Rule.Code;
        var latest = (await scan.Db.Duties.AsNoTracking().Where(d => d.Rule == code)
                .Select(d => new { d.SubjectId, d.DueAt, d.State, d.CompletedAt }).ToListAsync(ct))
            .GroupBy(d => d.SubjectId).ToDictionary(g => g.Key, g => g.MaxBy(d => d.DueAt)!);
        var facts = new List<DutyFact>();
        foreach (var l in licenses)
        {
            latest.TryGetValue(l.Id, out var last);
            if (l.Status != LicenseStatus.Valid)
            {
                // Nothing more is owed on a license that ended; an open duty closes with it.
                if (last is { State: DutyState.Open })
                    facts.Add(new DutyFact(l.Id, last.DueAt, l.ProviderId, l.LicenseeId, l.Sandbox, l.RevokedAt ?? scan.Now, DutyOutcome.Lapsed));
                continue;
            }
            if (last is null) facts.Add(new DutyFact(l.Id, DueAfter(l.IssuedAt), l.ProviderId, l.LicenseeId, l.Sandbox));
            else if (last is { State: DutyState.Done, CompletedAt: { } done }) facts.Add(new DutyFact(l.Id, DueAfter(done), l.ProviderId, l.LicenseeId, l.Sandbox));
        }
        return facts;
    }
}

/// <summary>P050 2.5g: AMS data updated at least once every 6 months, declared by the licensee.</summary>
internal sealed class AmsUpdateEverySixMonths : DeclaredDutySource
{
    public override IDutyRule Rule => AmsUpdateEverySixMonthsDuty.Instance;

    protected override DateTimeOffset DueAfter(DateTimeOffset since) => AmsUpdateEverySixMonthsDuty.DueAt(since);
}

/// <summary>P050 2.5e: license information verified periodically (yearly in Ibis), declared by the licensee.</summary>
internal sealed class LicenseInformationCheck : DeclaredDutySource
{
    public override IDutyRule Rule => LicenseInformationCheckDuty.Instance;

    protected override DateTimeOffset DueAfter(DateTimeOffset since) => LicenseInformationCheckDuty.DueAt(since);
}
