using Ibis.Data.Entities;
using Ibis.Domain.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>
/// §502.5(c)(1), §502.13(b)(1): each notice of proposed suspension owes the correction by its cure deadline.
/// Done when the Postal Service records the correction; when instead it gives the notice of suspension
/// (the deficiencies were not corrected) the duty closes as lapsed.
/// </summary>
internal sealed class SanctionCure : IDutySource
{
    public IDutyRule Rule => SanctionCureDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct) =>
        (await scan.Db.Sanctions.AsNoTracking().Where(s => s.CureDueAt != null).ToListAsync(ct))
        .Select(s => s.Stage switch
        {
            "cure_period" => Fact(s, s.CureDueAt!.Value),
            "withdrawn" when s.NoticedAt is null => Fact(s, s.CureDueAt!.Value, s.ClosedAt), // corrected (or withdrawn) before any notice of suspension
            _ => Fact(s, s.CureDueAt!.Value, s.NoticedAt ?? s.ClosedAt ?? scan.Now, DutyOutcome.Lapsed),
        }).ToList();

    internal static DutyFact Fact(SanctionRow s, DateTimeOffset due, DateTimeOffset? completed = null, DutyOutcome outcome = DutyOutcome.Done) =>
        new(s.Id, due, s.ProviderId, null, s.Sandbox, completed, outcome);
}

/// <summary>
/// §502.5(d), §502.13(c), §502.15(c), §502.21(d): each written notice opens the window for a written
/// defense. Done when the defense is presented; lapsed when the window closes unused (the action then
/// takes effect) or the procedure is withdrawn first.
/// </summary>
internal sealed class SanctionDefense : IDutySource
{
    public IDutyRule Rule => SanctionDefenseDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct) =>
        (await scan.Db.Sanctions.AsNoTracking().Where(s => s.DefenseDueAt != null).ToListAsync(ct))
        .Select(s =>
        {
            var due = s.DefenseDueAt!.Value;
            if (s.DefendedAt is { } defended) return SanctionCure.Fact(s, due, defended);
            if (s.Stage == "noticed" && scan.Now < due) return SanctionCure.Fact(s, due);
            return SanctionCure.Fact(s, due, s.Stage == "withdrawn" && s.ClosedAt < due ? s.ClosedAt : due, DutyOutcome.Lapsed);
        }).ToList();
}

/// <summary>
/// §502.5(e), §502.13(d), §502.15(e), §502.21(f): each decision imposing a sanction opens a 30-day window
/// to appeal. Done when the appeal is filed (it stays the sanction); lapsed when the window closes unused.
/// </summary>
internal sealed class SanctionAppeal : IDutySource
{
    public IDutyRule Rule => SanctionAppealDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct) =>
        (await scan.Db.Sanctions.AsNoTracking().Where(s => s.AppealDueAt != null).ToListAsync(ct))
        .Select(s =>
        {
            var due = s.AppealDueAt!.Value;
            if (s.AppealedAt is { } appealed) return SanctionCure.Fact(s, due, appealed);
            if (s.Stage is "decided" or "in_effect" && scan.Now < due) return SanctionCure.Fact(s, due);
            return SanctionCure.Fact(s, due, s.ClosedAt is { } closed && closed < due ? closed : due, DutyOutcome.Lapsed);
        }).ToList();
}

/// <summary>
/// §502.5(c)(3)-(4), §502.13(b)(3)-(4): each suspension in effect ends on its date; the Postal Service is
/// reminded to decide before. Done when it ended; an extension moves the date (the duty at the old date
/// is done and one at the new date opens); an appeal's stay or a withdrawal closes it.
/// </summary>
internal sealed class SuspensionEnd : IDutySource
{
    public IDutyRule Rule => SuspensionEndDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var rows = await scan.Db.Sanctions.AsNoTracking().Where(s => s.Action == "suspension" && s.TookEffectAt != null).ToListAsync(ct);
        var facts = new List<DutyFact>();
        foreach (var s in rows)
        {
            if (s.Stage == "in_effect" && s.EndsAt is { } ends) facts.Add(SanctionCure.Fact(s, ends));
            else if (s.Stage == "ended" && s.EndsAt is { } ended) facts.Add(SanctionCure.Fact(s, ended, s.ClosedAt));
        }
        var current = rows.ToDictionary(s => s.Id);
        foreach (var open in scan.Open)
        {
            if (!current.TryGetValue(open.SubjectId, out var s)) continue;
            // The date moved (extension, stay) or the suspension is over by another way (withdrawn, set aside).
            var stillDue = s.Stage is "in_effect" or "ended" && s.EndsAt is { } e && SweepDuties.Micros(e) == SweepDuties.Micros(open.DueAt);
            if (!stillDue) facts.Add(new DutyFact(open.SubjectId, open.DueAt, s.ProviderId, null, s.Sandbox, s.ClosedAt ?? scan.Now));
        }
        return facts;
    }
}
