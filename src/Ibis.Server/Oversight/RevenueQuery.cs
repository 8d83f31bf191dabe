using System.Globalization;
using Ibis.Server.Api;

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
