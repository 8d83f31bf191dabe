using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>
/// The Postal Service's revenue protection (§502.25(b), issue 14 item 3): duplicates (copied indicia), invalid
/// pieces and late pieces of the scanned mail, over time and by device, licensee or provider, from the daily
/// tallies the scan stream keeps (<see cref="ScanTallyRow"/>), with the suspect devices opened as cases.
/// Read-only; like every oversight read it names its purpose, which is logged.
/// </summary>
public sealed class ShowRevenueProtection(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>The groups the dashboard lists: those with the most flagged scans.</summary>
    public const int TopGroups = 50;

    public const string SuspectCaseKind = Ibis.Domain.Verification.SuspectDeviceThreshold.CaseKind;

    public Task<RevenueProtectionView> Handle(Caller caller, RevenueQuery query, CancellationToken ct) => pipeline.Run(caller, OversightReads.Access, async ct =>
    {
        OversightReads.Log(db, caller, "revenue_protection", query.DeviceId ?? query.LicenseeId ?? query.ProviderId, query.Purpose, clock.GetUtcNow());
        var tallies = RevenueTallies.Tallies(db, caller, query);
        var byDay = await tallies.GroupBy(t => t.Day)
            .Select(g => new { Day = g.Key, Scanned = g.Sum(x => x.Scanned), Valid = g.Sum(x => x.Valid), Duplicates = g.Sum(x => x.Duplicates), Late = g.Sum(x => x.Late), Invalid = g.Sum(x => x.Invalid), Forgeries = g.Sum(x => x.Forgeries) })
            .ToListAsync(ct);
        var series = query.Periods().ToDictionary(p => p, _ => ScanFigures.Zero);
        foreach (var d in byDay)
        {
            var p = query.PeriodOf(d.Day);
            series[p] = series[p].Plus(new ScanFigures(d.Scanned, d.Valid, d.Duplicates, d.Late, d.Invalid, d.Forgeries));
        }
        var totals = series.Values.Aggregate(ScanFigures.Zero, (a, b) => a.Plus(b));

        var groups = await RevenueTallies.GroupedBy(tallies, query.GroupBy)
            .Select(g => new { g.Key, Scanned = g.Sum(x => x.Scanned), Valid = g.Sum(x => x.Valid), Duplicates = g.Sum(x => x.Duplicates), Late = g.Sum(x => x.Late), Invalid = g.Sum(x => x.Invalid), Forgeries = g.Sum(x => x.Forgeries), ProviderId = g.Max(x => x.ProviderId), LicenseeId = g.Max(x => x.LicenseeId) })
            .OrderByDescending(g => g.Duplicates + g.Late + g.Invalid).ThenBy(g => g.Key).Take(TopGroups).ToListAsync(ct);

        var modeDevices = db.Devices.Where(d => d.Sandbox == caller.TestMode).Select(d => d.Id);
        var suspects = db.Cases.AsNoTracking().Where(c => c.Kind == SuspectCaseKind && c.ResolvedAt == null && modeDevices.Contains(c.DeviceId));
        if (query.ProviderId is { } provider) suspects = suspects.Where(c => c.ProviderId == provider);
        if (query.DeviceId is { } device) suspects = suspects.Where(c => c.DeviceId == device);
        var open = await suspects.OrderByDescending(c => c.CreatedAt).Take(TopGroups).ToListAsync(ct);
        var caseOf = open.GroupBy(c => c.DeviceId).ToDictionary(g => g.Key, g => g.First().Id);

        return new RevenueProtectionView("revenue_protection", RevenueTallies.Day(query.From), RevenueTallies.Day(query.To), query.Granularity, query.GroupBy, totals,
            series.OrderBy(s => s.Key).Select(s => new RevenuePeriodView(RevenueTallies.Day(s.Key), s.Value)).ToList(),
            groups.Select(g => new RevenueGroupView(g.Key,
                query.GroupBy == RevenueQuery.ByProvider ? g.Key : Blank(g.ProviderId),
                query.GroupBy == RevenueQuery.ByProvider ? null : query.GroupBy == RevenueQuery.ByLicensee ? g.Key : Blank(g.LicenseeId),
                new ScanFigures(g.Scanned, g.Valid, g.Duplicates, g.Late, g.Invalid, g.Forgeries),
                query.GroupBy == RevenueQuery.ByDevice && caseOf.TryGetValue(g.Key, out var id) ? id : null)).ToList(),
            open.Select(OversightCaseView.From).ToList());
    }, ct);

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
