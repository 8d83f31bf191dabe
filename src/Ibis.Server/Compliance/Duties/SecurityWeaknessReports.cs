using Ibis.Data;
using Ibis.Domain.Compliance;
using Ibis.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance.Duties;

/// <summary>One weakness (a case) with the times of its reports, as the three §502.14 duties read it.</summary>
internal sealed record WeaknessReporting(string CaseId, string ProviderId, bool Sandbox, DateTimeOffset DiscoveredAt,
    DateTimeOffset? Preliminary, DateTimeOffset? Written, IReadOnlyList<DateTimeOffset> Statuses, DateTimeOffset? Final)
{
    /// <summary>Every case with its reports, read once per sweep for the three sources.</summary>
    public static Task<IReadOnlyList<WeaknessReporting>> All(DutyScan scan, CancellationToken ct) =>
        scan.Memo.Get(nameof(WeaknessReporting), () => Load(scan.Db, ct));

    private static async Task<IReadOnlyList<WeaknessReporting>> Load(IbisDb db, CancellationToken ct)
    {
        var cases = await (from c in db.Cases.AsNoTracking()
                           join d in db.Devices on c.DeviceId equals d.Id
                           select new { c.Id, c.ProviderId, d.Sandbox, c.CreatedAt }).ToListAsync(ct);
        var reports = (await db.SecurityReports.AsNoTracking().Select(r => new { r.CaseId, r.Kind, r.FiledAt }).ToListAsync(ct))
            .ToLookup(r => r.CaseId);
        return cases.Select(c =>
        {
            var filed = reports[c.Id].ToList();
            DateTimeOffset? At(string kind) => filed.Where(r => r.Kind == kind).Select(r => (DateTimeOffset?)r.FiledAt).Min();
            return new WeaknessReporting(c.Id, c.ProviderId, c.Sandbox, c.CreatedAt, At(SecurityReportKind.Preliminary), At(SecurityReportKind.Written),
                filed.Where(r => r.Kind == SecurityReportKind.Status).Select(r => r.FiledAt).Order().ToList(), At(SecurityReportKind.Final));
        }).ToList();
    }
}

/// <summary>§502.14(b): each case owes its preliminary notice 21 days after it was opened (its discovery).</summary>
internal sealed class SecurityWeaknessPreliminaryReport : IDutySource
{
    public IDutyRule Rule => SecurityWeaknessPreliminaryReportDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct) =>
        (await WeaknessReporting.All(scan, ct))
        .Select(w => new DutyFact(w.CaseId, SecurityReporting.PreliminaryDueAt(w.DiscoveredAt), w.ProviderId, null, w.Sandbox, w.Preliminary))
        .ToList();
}

/// <summary>§502.14(c): each preliminary notice owes its written report 45 days later.</summary>
internal sealed class SecurityWeaknessWrittenReport : IDutySource
{
    public IDutyRule Rule => SecurityWeaknessWrittenReportDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct) =>
        (await WeaknessReporting.All(scan, ct))
        .Where(w => w.Preliminary is not null)
        .Select(w => new DutyFact(w.CaseId, SecurityReporting.WrittenDueAt(w.Preliminary!.Value), w.ProviderId, null, w.Sandbox, w.Written))
        .ToList();
}

/// <summary>
/// §502.14(c): after the written report, a status report every 30 days until the final summary. Each
/// period is one duty; the next report (status or final) discharges it and, unless final, opens the next.
/// </summary>
internal sealed class SecurityWeaknessStatusReport : IDutySource
{
    public IDutyRule Rule => SecurityWeaknessStatusReportDuty.Instance;

    public async Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct)
    {
        var facts = new List<DutyFact>();
        foreach (var w in await WeaknessReporting.All(scan, ct))
        {
            if (w.Written is not { } written) continue;
            // The chain of periods: from the written report, each report restarts the 30 days.
            var since = written;
            foreach (var report in w.Statuses.Where(s => s >= written))
            {
                facts.Add(new DutyFact(w.CaseId, SecurityReporting.NextStatusDueAt(since), w.ProviderId, null, w.Sandbox, report));
                since = report;
            }
            facts.Add(new DutyFact(w.CaseId, SecurityReporting.NextStatusDueAt(since), w.ProviderId, null, w.Sandbox, w.Final));
        }
        return facts;
    }
}
