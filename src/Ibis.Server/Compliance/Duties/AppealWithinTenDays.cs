using Ibis.Domain.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// P050 2.4: the window to appeal a refusal or a revocation runs 10 calendar days from receipt of the
/// written notice (the same instant <c>AppealMustBeTimelyRule</c> counts from). Done when an appeal is
/// filed against the decision; lapsed when the window closes unused.
/// </summary>
internal sealed class AppealWithinTenDays : IDutySource
{
    public IDutyRule Rule => AppealWithinTenDaysDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var since = scan.Now.AddDays(-AppealWithinTenDaysDuty.Days * 3);
        var notices = await (from n in scan.Db.Notices.AsNoTracking()
                             join l in scan.Db.Licensees on n.LicenseeId equals l.Id
                             where n.Recipient == "licensee" && (n.Kind == "license_refused" || n.Kind == "license_revoked") && n.CreatedAt >= since
                             select new { n.SubjectId, n.LicenseeId, n.ProviderId, n.CreatedAt, l.Sandbox })
            .ToListAsync(ct);
        var decisions = notices.Select(n => n.SubjectId).Distinct().ToList();
        var appeals = await scan.Db.Appeals.AsNoTracking().Where(a => decisions.Contains(a.DecisionId))
            .Select(a => new { a.DecisionId, a.FiledAt }).ToListAsync(ct);
        var facts = new List<DutyFact>();
        foreach (var n in notices)
        {
            var due = AppealWithinTenDaysDuty.DueAt(n.CreatedAt);
            var filed = appeals.Where(a => a.DecisionId == n.SubjectId && a.FiledAt >= n.CreatedAt && a.FiledAt <= due).Select(a => (DateTimeOffset?)a.FiledAt).Min();
            if (filed is not null) facts.Add(new DutyFact(n.SubjectId, due, n.ProviderId, n.LicenseeId, n.Sandbox, filed));
            else if (scan.Now >= due) facts.Add(new DutyFact(n.SubjectId, due, n.ProviderId, n.LicenseeId, n.Sandbox, due, DutyOutcome.Lapsed));
            else facts.Add(new DutyFact(n.SubjectId, due, n.ProviderId, n.LicenseeId, n.Sandbox));
        }
        return facts;
    }
}
