using Ibis.Data;
using Ibis.Domain.Customers;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>One rule of notice 820.100 "Retention and Disposal", with what it will dispose of next.</summary>
public sealed record RetentionRuleView(string Category, string Rule, string Period, int DueNow, DateTimeOffset? NextDueAt);

public sealed record RetentionRunView(string Id, string Trigger, int Disposed, DateTimeOffset RanAt);

/// <summary>The schedule, what is due next, the last runs and the disposal log, for the privacy officer (read only).</summary>
public sealed record RetentionOverviewView(DateTimeOffset Now, IReadOnlyList<RetentionRuleView> Rules, RetentionRunView? LastRun,
    RetentionRunView? LastDailyRun, IReadOnlyList<DisposalView> Disposals);

/// <summary>
/// What the retention schedule will do (notice 820.100 "Retention and Disposal"): for each rule, how
/// many records are due now and when the next one falls due, from the same triggering instants and
/// periods <see cref="RetentionSchedule"/> gives the disposal run. Reads dates and ids only, never a value.
/// </summary>
public sealed class RetentionOverview(IbisDb db, TimeProvider clock)
{
    /// <summary>The retention schedule, its runs and the disposal log are the privacy officer's (notice 820.100, Retention and Disposal).</summary>
    public static readonly Access Access = Access.For(Caller.PrivacyOfficerRole);

    public const int DisposalLogLength = 500;

    private static readonly (RetentionCategory Category, string Period)[] Rules =
    [
        (RetentionCategory.Logon, "1 year after the computer access"),
        (RetentionCategory.Ach, "2 years after the ACH record was made"),
        (RetentionCategory.SecurityAccess, "2 years after access privileges are cancelled"),
        (RetentionCategory.CustomerRecord, "4 years after the customer relationship ends"),
    ];

    public async Task<RetentionOverviewView> Get(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rules = new List<RetentionRuleView>();
        foreach (var (category, period) in Rules)
        {
            var since = category switch
            {
                RetentionCategory.Logon => db.LogonRecords.AsNoTracking().Select(l => l.At),
                RetentionCategory.Ach => db.AchRecords.AsNoTracking().Select(a => a.CreatedAt),
                RetentionCategory.SecurityAccess => db.SecurityAccess.AsNoTracking().Where(s => s.CancelledAt != null).Select(s => s.CancelledAt!.Value),
                _ => db.CustomerRecords.AsNoTracking().Where(r => r.RelationshipEndedAt != null).Select(r => r.RelationshipEndedAt!.Value),
            };
            // The same cutoff the disposal run uses; the oldest triggering instant after it is the next to fall due.
            var cutoff = RetentionSchedule.DueIfBefore(category, now);
            var dueNow = await since.CountAsync(s => s <= cutoff, ct);
            var oldestKept = await since.Where(s => s > cutoff).OrderBy(s => s).Select(s => (DateTimeOffset?)s).FirstOrDefaultAsync(ct);
            DateTimeOffset? next = oldestKept is { } o ? RetentionSchedule.DueAt(category, o) : null;
            rules.Add(new RetentionRuleView(RetentionSchedule.Code(category), RetentionSchedule.Rule(category), period, dueNow, next));
        }
        rules.Add(await ActivityReports(now, ct));
        var runs = db.RetentionRuns.AsNoTracking();
        var last = await runs.OrderByDescending(r => r.RanAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var daily = await runs.Where(r => r.Trigger == RetentionDisposal.DailyJob).OrderByDescending(r => r.RanAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var log = await db.Disposals.AsNoTracking().OrderByDescending(d => d.DisposedAt).ThenBy(d => d.Id).Take(DisposalLogLength).ToListAsync(ct);
        return new RetentionOverviewView(now, rules, Run(last), Run(daily), log.Select(DisposalView.From).ToList());
    }

    /// <summary>
    /// §502.20(e): the Forms 3601-C held. Due now: those of customers whose record is due (rule 4) and
    /// whose own year is over; next due: the first instant the youngest-kept becomes disposable (its year).
    /// </summary>
    private async Task<RetentionRuleView> ActivityReports(DateTimeOffset now, CancellationToken ct)
    {
        var category = RetentionCategory.ActivityReport;
        var yearCutoff = RetentionSchedule.DueIfBefore(category, now);
        var recordCutoff = RetentionSchedule.DueIfBefore(RetentionCategory.CustomerRecord, now);
        var dueNow = await (from a in db.ActivityReports.AsNoTracking()
                            join acc in db.DepositAccounts on a.AccountId equals acc.Id
                            join r in db.CustomerRecords on acc.LicenseeId equals r.LicenseeId
                            where a.CreatedAt <= yearCutoff && r.RelationshipEndedAt != null && r.RelationshipEndedAt <= recordCutoff
                            select a.Id).Distinct().CountAsync(ct);
        var youngest = await db.ActivityReports.AsNoTracking().Where(a => a.CreatedAt > yearCutoff).OrderBy(a => a.CreatedAt).Select(a => (DateTimeOffset?)a.CreatedAt).FirstOrDefaultAsync(ct);
        return new RetentionRuleView(RetentionSchedule.Code(category), RetentionSchedule.Rule(category),
            "at least 1 year after the check-out; then with the customer record, 4 years after the relationship ends", dueNow,
            youngest is { } y ? RetentionSchedule.DueAt(category, y) : null);
    }

    private static RetentionRunView? Run(Data.Entities.RetentionRunRow? r) => r is null ? null : new(r.Id, r.Trigger, r.Disposed, r.RanAt);
}
