using Ibis.Domain.Calendar;
using Xunit;

namespace Ibis.Domain.Tests.Calendar;

/// <summary>§502.20(f): "within 3 business days" — weekdays that are not federal holidays, from the yearly files.</summary>
public sealed class BusinessCalendarTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void TheBuiltInFiles_Cover2026And2027_WithTheirObservedHolidays()
    {
        var calendar = BusinessCalendar.Federal;
        Assert.Contains(2026, calendar.Years);
        Assert.Contains(2027, calendar.Years);
        Assert.False(calendar.IsBusinessDay(D("2026-12-25")));   // Christmas, a Friday
        Assert.False(calendar.IsBusinessDay(D("2026-07-03")));   // July 4 falls on a Saturday: observed Friday
        Assert.False(calendar.IsBusinessDay(D("2027-12-31")));   // New Year 2028 observed on Friday, Dec 31 2027
        Assert.False(calendar.IsBusinessDay(D("2026-12-05")));   // a Saturday
        Assert.True(calendar.IsBusinessDay(D("2026-12-07")));    // a Monday
    }

    [Theory]
    [InlineData("2026-12-07", "2026-12-10")] // Monday → Thursday
    [InlineData("2026-12-04", "2026-12-09")] // Friday → the weekend does not count → Wednesday
    [InlineData("2026-12-23", "2026-12-29")] // Wed: Thu 24, (Fri 25 Christmas), Mon 28, Tue 29
    [InlineData("2026-11-24", "2026-11-30")] // Tue: Wed 25, (Thu 26 Thanksgiving), Fri 27, Mon 30
    [InlineData("2026-12-30", "2027-01-05")] // Wed: Thu 31, (Fri Jan 1), Mon 4, Tue 5 — across the files
    public void ThreeBusinessDays_SkipWeekendsAndHolidays(string notified, string due)
    {
        Assert.Equal(D(due), BusinessCalendar.Federal.AddBusinessDays(D(notified), 3));
    }

    [Fact]
    public void AYearWithoutAFile_IsRefused_NotGuessed()
    {
        var calendar = new BusinessCalendar(new Dictionary<int, IReadOnlyCollection<DateOnly>> { [2026] = [] });
        var e = Assert.Throws<BusinessRuleViolationException>(() => calendar.AddBusinessDays(D("2026-12-30"), 3));
        Assert.Equal("holiday_calendar_missing", e.Code);
    }

    [Fact]
    public void AFile_ListingAnotherYearsDate_IsRejected()
    {
        Assert.Throws<FormatException>(() => BusinessCalendar.ParseYear(2026, "# comment\n2027-01-01 New Year's Day\n"));
        Assert.Equal([D("2026-01-01")], BusinessCalendar.ParseYear(2026, "# comment\n\n2026-01-01 New Year's Day\n"));
    }
}
