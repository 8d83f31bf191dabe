using System.Globalization;
using System.Linq.Expressions;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>What the dashboard shows: a period (inclusive days), how finely it is cut, how it is grouped, and optional filters.</summary>
public sealed record RevenueQuery(string? Purpose, DateOnly From, DateOnly To, string Granularity, string GroupBy, string? ProviderId, string? LicenseeId, string? DeviceId)
{
    public const string Day = "day", Week = "week", Month = "month";
    public const string ByDevice = "device", ByLicensee = "licensee", ByProvider = "provider";

    /// <summary>Five years of days at most: the figures are a dashboard, not an archive scan.</summary>
    public const int MaxDays = 5 * 366;

    /// <summary>Reads the query string; every bad value is a problem naming its parameter, all at once.</summary>
    public static RevenueQuery Read(IQueryCollection q, DateOnly today)
    {
        var errors = new ValidationErrors();
        DateOnly? Date(string name)
        {
            var text = q[name].ToString();
            if (text.Length == 0) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors.Add("date_invalid", $"{name} is a date, YYYY-MM-DD", name);
            return null;
        }
        var to = Date("to") ?? today;
        var from = Date("from") ?? to.AddDays(-29);
        if (from > to) errors.Add("period_invalid", "from must not be after to", "from");
        else if (to.DayNumber - from.DayNumber + 1 > MaxDays) errors.Add("period_too_long", $"a period covers at most {MaxDays} days", "from");
        var days = to.DayNumber - from.DayNumber + 1;
        var granularity = q["granularity"].ToString() is { Length: > 0 } g ? g : days <= 62 ? Day : days <= 366 ? Week : Month;
        if (granularity is not (Day or Week or Month)) errors.Add("granularity_invalid", "granularity is day, week or month", "granularity");
        var groupBy = q["group_by"].ToString() is { Length: > 0 } b ? b : ByDevice;
        if (groupBy is not (ByDevice or ByLicensee or ByProvider)) errors.Add("group_by_invalid", "group_by is device, licensee or provider", "group_by");
        errors.ThrowIfAny();
        static string? Opt(string v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        return new RevenueQuery(Opt(q["purpose"].ToString()), from, to, granularity, groupBy, Opt(q["provider_id"].ToString()), Opt(q["licensee_id"].ToString()), Opt(q["device_id"].ToString()));
    }

    /// <summary>The first day of the period <paramref name="day"/> falls in (weeks start on Monday, ISO 8601).</summary>
    public DateOnly PeriodOf(DateOnly day) => Granularity switch
    {
        Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    /// <summary>Every period of the query, first to last, so an empty period shows as zero rather than missing.</summary>
    public IEnumerable<DateOnly> Periods()
    {
        for (var p = PeriodOf(From); p <= To; p = Granularity switch { Week => p.AddDays(7), Month => p.AddMonths(1), _ => p.AddDays(1) })
            yield return p;
    }

    /// <summary>The same query as a query string (for links and the CSV export).</summary>
    public string ToQueryString(bool withPurpose = true)
    {
        var parts = new List<string>
        {
            $"from={From:yyyy-MM-dd}", $"to={To:yyyy-MM-dd}", $"granularity={Granularity}", $"group_by={GroupBy}",
        };
        if (withPurpose && Purpose is not null) parts.Insert(0, "purpose=" + Uri.EscapeDataString(Purpose));
        if (ProviderId is not null) parts.Add("provider_id=" + Uri.EscapeDataString(ProviderId));
        if (LicenseeId is not null) parts.Add("licensee_id=" + Uri.EscapeDataString(LicenseeId));
        if (DeviceId is not null) parts.Add("device_id=" + Uri.EscapeDataString(DeviceId));
        return string.Join('&', parts);
    }
}

/// <summary>Counts of scans: each in exactly one of valid, duplicates, late and invalid; forgeries are among the invalid.</summary>
public sealed record ScanFigures(long Scanned, long Valid, long Duplicates, long Late, long Invalid, long Forgeries)
{
    public static readonly ScanFigures Zero = new(0, 0, 0, 0, 0, 0);

    public long Flagged => Duplicates + Late + Invalid;

    public ScanFigures Plus(ScanFigures o) => new(
        checked(Scanned + o.Scanned), checked(Valid + o.Valid), checked(Duplicates + o.Duplicates), checked(Late + o.Late), checked(Invalid + o.Invalid), checked(Forgeries + o.Forgeries));
}

public sealed record RevenuePeriodView(string Period, ScanFigures Figures);

/// <summary>One device, licensee or provider over the whole period; key "" is the scans that named no known device.</summary>
public sealed record RevenueGroupView(string Key, string? ProviderId, string? LicenseeId, ScanFigures Figures, string? OpenSuspectCaseId);

public sealed record RevenueProtectionView(
    string Object, string From, string To, string Granularity, string GroupBy, ScanFigures Totals,
    IReadOnlyList<RevenuePeriodView> Series, IReadOnlyList<RevenueGroupView> Groups, IReadOnlyList<OversightCaseView> SuspectCases);

/// <summary>
/// The Postal Service's revenue protection (§502.25(b), issue 14 item 3): duplicates (copied indicia), invalid
/// pieces and late pieces of the scanned mail, over time and by device, licensee or provider, from the daily
/// tallies the scan stream keeps (<see cref="ScanTallyRow"/>), with the suspect devices opened as cases.
/// Read-only; like every oversight read it names its purpose, which is logged.
/// </summary>
public sealed class RevenueProtection(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>The groups the dashboard lists: those with the most flagged scans.</summary>
    public const int TopGroups = 50;

    public const string SuspectCaseKind = Ibis.Domain.Verification.SuspectDeviceThreshold.CaseKind;

    public Task<RevenueProtectionView> Handle(Caller caller, RevenueQuery query, CancellationToken ct) => pipeline.Run(caller, OversightReads.Access, async ct =>
    {
        OversightReads.Log(db, caller, "revenue_protection", query.DeviceId ?? query.LicenseeId ?? query.ProviderId, query.Purpose, clock.GetUtcNow());
        var tallies = Tallies(caller, query);
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

        var groups = await GroupedBy(tallies, query.GroupBy)
            .Select(g => new { g.Key, Scanned = g.Sum(x => x.Scanned), Valid = g.Sum(x => x.Valid), Duplicates = g.Sum(x => x.Duplicates), Late = g.Sum(x => x.Late), Invalid = g.Sum(x => x.Invalid), Forgeries = g.Sum(x => x.Forgeries), ProviderId = g.Max(x => x.ProviderId), LicenseeId = g.Max(x => x.LicenseeId) })
            .OrderByDescending(g => g.Duplicates + g.Late + g.Invalid).ThenBy(g => g.Key).Take(TopGroups).ToListAsync(ct);

        var modeDevices = db.Devices.Where(d => d.Sandbox == caller.TestMode).Select(d => d.Id);
        var suspects = db.Cases.AsNoTracking().Where(c => c.Kind == SuspectCaseKind && c.ResolvedAt == null && modeDevices.Contains(c.DeviceId));
        if (query.ProviderId is { } provider) suspects = suspects.Where(c => c.ProviderId == provider);
        if (query.DeviceId is { } device) suspects = suspects.Where(c => c.DeviceId == device);
        var open = await suspects.OrderByDescending(c => c.CreatedAt).Take(TopGroups).ToListAsync(ct);
        var caseOf = open.GroupBy(c => c.DeviceId).ToDictionary(g => g.Key, g => g.First().Id);

        return new RevenueProtectionView("revenue_protection", Day(query.From), Day(query.To), query.Granularity, query.GroupBy, totals,
            series.OrderBy(s => s.Key).Select(s => new RevenuePeriodView(Day(s.Key), s.Value)).ToList(),
            groups.Select(g => new RevenueGroupView(g.Key,
                query.GroupBy == RevenueQuery.ByProvider ? g.Key : Blank(g.ProviderId),
                query.GroupBy == RevenueQuery.ByProvider ? null : query.GroupBy == RevenueQuery.ByLicensee ? g.Key : Blank(g.LicenseeId),
                new ScanFigures(g.Scanned, g.Valid, g.Duplicates, g.Late, g.Invalid, g.Forgeries),
                query.GroupBy == RevenueQuery.ByDevice && caseOf.TryGetValue(g.Key, out var id) ? id : null)).ToList(),
            open.Select(OversightCaseView.From).ToList());
    }, ct);

    /// <summary>
    /// The CSV export (<see cref="LogExport"/> then <see cref="WriteCsv"/>): one line per period and group, every group
    /// (not only the top ones). The read is logged (and the purpose checked) before the first byte; the lines are then streamed as the database returns
    /// them, ordered by group and day, so memory stays bounded however long the period.
    /// </summary>
    public Task LogExport(Caller caller, RevenueQuery query, CancellationToken ct) => pipeline.Run(caller, OversightReads.Access, ct =>
    {
        OversightReads.Log(db, caller, "revenue_protection_export", query.DeviceId ?? query.LicenseeId ?? query.ProviderId, query.Purpose, clock.GetUtcNow());
        return Task.FromResult(0);
    }, ct);

    /// <summary>Writes the CSV of a query whose export <see cref="LogExport"/> logged.</summary>
    public async Task WriteCsv(Caller caller, RevenueQuery query, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync($"period_start,granularity,{query.GroupBy}_id,provider_id,licensee_id,scanned,valid,duplicates,late,invalid,forgeries");
        var rows = GroupedByDay(Tallies(caller, query), query.GroupBy).AsAsyncEnumerable();
        (string Key, DateOnly Period, string Provider, string Licensee, ScanFigures Figures)? current = null;
        var lines = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            var period = query.PeriodOf(r.Day);
            var figures = new ScanFigures(r.Scanned, r.Valid, r.Duplicates, r.Late, r.Invalid, r.Forgeries);
            if (current is { } c && c.Key == r.Key && c.Period == period)
            {
                current = c with { Figures = c.Figures.Plus(figures) };
                continue;
            }
            if (current is { } done) await Line(writer, query, done);
            current = (r.Key, period, r.ProviderId, r.LicenseeId, figures);
            if (++lines % 1000 == 0) await writer.FlushAsync(ct);
        }
        if (current is { } last) await Line(writer, query, last);
        await writer.FlushAsync(ct);
    }

    private static Task Line(StreamWriter w, RevenueQuery q, (string Key, DateOnly Period, string Provider, string Licensee, ScanFigures Figures) l)
    {
        var f = l.Figures;
        var provider = q.GroupBy == RevenueQuery.ByProvider ? l.Key : l.Provider;
        var licensee = q.GroupBy switch { RevenueQuery.ByProvider => "", RevenueQuery.ByLicensee => l.Key, _ => l.Licensee };
        return w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{Day(l.Period)},{q.Granularity},{Csv(l.Key)},{Csv(provider)},{Csv(licensee)},{f.Scanned},{f.Valid},{f.Duplicates},{f.Late},{f.Invalid},{f.Forgeries}"));
    }

    // Ids are Ibis's own ("dev_…"); quoting keeps a stray comma or quote from breaking the file anyway.
    private static string Csv(string value) => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    private IQueryable<ScanTallyRow> Tallies(Caller caller, RevenueQuery q)
    {
        var t = db.ScanTallies.AsNoTracking().Where(x => x.Sandbox == caller.TestMode && x.Day >= q.From && x.Day <= q.To);
        if (q.ProviderId is { } p) t = t.Where(x => x.ProviderId == p);
        if (q.LicenseeId is { } l) t = t.Where(x => x.LicenseeId == l);
        if (q.DeviceId is { } d) t = t.Where(x => x.DeviceId == d);
        return t;
    }

    private static Expression<Func<ScanTallyRow, string>> KeyOf(string groupBy) => groupBy switch
    {
        RevenueQuery.ByProvider => x => x.ProviderId,
        RevenueQuery.ByLicensee => x => x.LicenseeId,
        _ => x => x.DeviceId,
    };

    private static IQueryable<IGrouping<string, ScanTallyRow>> GroupedBy(IQueryable<ScanTallyRow> t, string groupBy) => t.GroupBy(KeyOf(groupBy));

    private sealed record DayRow(string Key, DateOnly Day, string ProviderId, string LicenseeId, long Scanned, long Valid, long Duplicates, long Late, long Invalid, long Forgeries);

    private static IQueryable<DayRow> GroupedByDay(IQueryable<ScanTallyRow> t, string groupBy)
    {
        // Per device the row is already one a day; by licensee or provider the day's devices are summed. The
        // order is set on the database's columns, before the rows become records.
        return groupBy switch
        {
            RevenueQuery.ByProvider => t.GroupBy(x => new { x.ProviderId, x.Day })
                .Select(g => new { Key = g.Key.ProviderId, g.Key.Day, ProviderId = g.Key.ProviderId, LicenseeId = "", Scanned = g.Sum(x => x.Scanned), Valid = g.Sum(x => x.Valid), Duplicates = g.Sum(x => x.Duplicates), Late = g.Sum(x => x.Late), Invalid = g.Sum(x => x.Invalid), Forgeries = g.Sum(x => x.Forgeries) })
                .OrderBy(r => r.Key).ThenBy(r => r.Day)
                .Select(r => new DayRow(r.Key, r.Day, r.ProviderId, r.LicenseeId, r.Scanned, r.Valid, r.Duplicates, r.Late, r.Invalid, r.Forgeries)),
            RevenueQuery.ByLicensee => t.GroupBy(x => new { x.LicenseeId, x.Day })
                .Select(g => new { Key = g.Key.LicenseeId, g.Key.Day, ProviderId = g.Max(x => x.ProviderId), LicenseeId = g.Key.LicenseeId, Scanned = g.Sum(x => x.Scanned), Valid = g.Sum(x => x.Valid), Duplicates = g.Sum(x => x.Duplicates), Late = g.Sum(x => x.Late), Invalid = g.Sum(x => x.Invalid), Forgeries = g.Sum(x => x.Forgeries) })
                .OrderBy(r => r.Key).ThenBy(r => r.Day)
                .Select(r => new DayRow(r.Key, r.Day, r.ProviderId ?? "", r.LicenseeId, r.Scanned, r.Valid, r.Duplicates, r.Late, r.Invalid, r.Forgeries)),
            _ => t.OrderBy(x => x.DeviceId).ThenBy(x => x.Day)
                .Select(x => new DayRow(x.DeviceId, x.Day, x.ProviderId, x.LicenseeId, x.Scanned, x.Valid, x.Duplicates, x.Late, x.Invalid, x.Forgeries)),
        };
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
