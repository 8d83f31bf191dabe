using System.Globalization;
using System.Linq.Expressions;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>
/// The daily tallies the scan stream keeps (<see cref="ScanTallyRow"/>) as the revenue protection reads them
/// (§502.25(b)): those of the caller's mode in the query's period and filters, summed by group or by group and day.
/// </summary>
internal static class RevenueTallies
{
    public static IQueryable<ScanTallyRow> Tallies(IbisDb db, Caller caller, RevenueQuery q)
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

    public static IQueryable<IGrouping<string, ScanTallyRow>> GroupedBy(IQueryable<ScanTallyRow> t, string groupBy) => t.GroupBy(KeyOf(groupBy));

    public sealed record DayRow(string Key, DateOnly Day, string ProviderId, string LicenseeId, long Scanned, long Valid, long Duplicates, long Late, long Invalid, long Forgeries);

    public static IQueryable<DayRow> GroupedByDay(IQueryable<ScanTallyRow> t, string groupBy)
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

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
