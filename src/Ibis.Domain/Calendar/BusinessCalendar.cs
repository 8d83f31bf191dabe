using System.Globalization;
using System.Reflection;

namespace Ibis.Domain.Calendar;

/// <summary>
/// Business days for the rule's deadlines: "within 3 business days of being notified" (§502.20(f),
/// P050 2.7). A business day is a weekday that is not a federal holiday. Holidays come from one data
/// file per year (<c>Calendar/FederalHolidays/YYYY.txt</c>); a date in a year with no file is refused
/// rather than guessed, so a missing file is noticed the first time it matters.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly Dictionary<int, HashSet<DateOnly>> _holidays;

    public BusinessCalendar(IReadOnlyDictionary<int, IReadOnlyCollection<DateOnly>> holidaysByYear) =>
        _holidays = holidaysByYear.ToDictionary(y => y.Key, y => y.Value.ToHashSet());

    /// <summary>The federal holiday files built into Ibis.</summary>
    public static BusinessCalendar Federal { get; } = LoadEmbedded();

    public IReadOnlyCollection<int> Years => _holidays.Keys;

    public bool IsBusinessDay(DateOnly day)
    {
        Rules.Check(new HolidayCalendarMustCoverYearRule(day.Year, _holidays.ContainsKey(day.Year)));
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays[day.Year].Contains(day);
    }

    /// <summary>
    /// The day by which something due "within <paramref name="days"/> business days" of
    /// <paramref name="notified"/> must be done: the notification day itself is not counted.
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly notified, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = notified;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day)) counted++;
        }
        return day;
    }

    /// <summary>Parses a holiday file: "YYYY-MM-DD name" per line, '#' starts a comment.</summary>
    public static IReadOnlyCollection<DateOnly> ParseYear(int year, string text)
    {
        var days = new List<DateOnly>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var day = DateOnly.ParseExact(line[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (day.Year != year) throw new FormatException($"holiday {day:yyyy-MM-dd} is listed in the file of {year}");
            days.Add(day);
        }
        return days;
    }

    private static BusinessCalendar LoadEmbedded()
    {
        var assembly = typeof(BusinessCalendar).Assembly;
        var years = new Dictionary<int, IReadOnlyCollection<DateOnly>>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".Calendar.FederalHolidays.", StringComparison.Ordinal)))
        {
            var year = int.Parse(name.Split('.')[^2], CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            years[year] = ParseYear(year, reader.ReadToEnd());
        }
        return new BusinessCalendar(years);
    }
}

/// <summary>A business-day deadline is computed only from a year whose federal holidays are on file.</summary>
public sealed record HolidayCalendarMustCoverYearRule(int Year, bool Covered) : IBusinessRule
{
    public string Code => "holiday_calendar_missing";

    public string Message => $"the federal holidays of {Year} are not on file (Calendar/FederalHolidays/{Year}.txt); business-day deadlines of that year cannot be computed";

    public bool IsBroken() => !Covered;
}
