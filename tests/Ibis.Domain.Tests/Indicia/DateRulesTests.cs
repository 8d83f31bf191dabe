using Ibis.Domain.Indicia;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Indicia;

/// <summary>P050 4.6 (complete date) and P050 4.7 (date accuracy with the post office's collection schedule).</summary>
public sealed class DateRulesTests
{
    // Washington DC office: collections at 10:00 and 17:00 on weekdays, 12:00 on Saturday, none on
    // Sunday; no collection on 2026-11-26 (Thanksgiving).
    private static readonly CollectionSchedule Schedule = new(
        TimeZoneInfo.FindSystemTimeZoneById("America/New_York"),
        new Dictionary<DayOfWeek, IReadOnlyList<TimeOnly>>
        {
            [DayOfWeek.Monday] = [new(10, 0), new(17, 0)],
            [DayOfWeek.Tuesday] = [new(10, 0), new(17, 0)],
            [DayOfWeek.Wednesday] = [new(17, 0), new(10, 0)],
            [DayOfWeek.Thursday] = [new(10, 0), new(17, 0)],
            [DayOfWeek.Friday] = [new(10, 0), new(17, 0)],
            [DayOfWeek.Saturday] = [new(12, 0)],
        },
        [new DateOnly(2026, 11, 26)]);

    private static DateTimeOffset Eastern(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(-5));

    public static TheoryData<string, string, bool> FourSix => new()
    {
        // P050 4.6: month, day and year on all First-Class Mail; Standard Mail may omit the day.
        { "first_class", "letter", true },
        { "first_class", "postcard", true },
        { "priority", "single_piece", true },
        { "express", "single_piece", true },
        { "standard", "letter", false },
        { "standard", "flat", false },
    };

    [Theory]
    [MemberData(nameof(FourSix))]
    public void P050_4_6_OnlyStandardMailMayOmitTheDay(string mailClass, string category, bool broken)
    {
        var rule = new CompleteDateRule(RateCategory.Find(mailClass, category)!, OmitDay: true);
        Assert.Equal(broken, rule.IsBroken());
        Assert.False(new CompleteDateRule(RateCategory.Find(mailClass, category)!, OmitDay: false).IsBroken());
        Assert.Equal("mailing_date_day_required", rule.Code);
        Assert.Contains("P050 4.6", rule.Message);
    }

    [Theory]
    [InlineData(11, 24, 16, 59, "2026-11-24")] // before the last collection: today
    [InlineData(11, 24, 17, 0, "2026-11-25")]  // at the last collection it is gone: next day
    [InlineData(11, 25, 18, 0, "2026-11-27")]  // Wednesday evening; Thursday is a holiday
    [InlineData(11, 28, 12, 30, "2026-11-30")] // Saturday after noon; no Sunday collection
    [InlineData(11, 29, 9, 0, "2026-11-30")]   // Sunday
    public void NextCollectionDate_FollowsTheSchedule(int month, int day, int hour, int minute, string expected)
    {
        Assert.Equal(expected, Schedule.NextCollectionDate(Eastern(month, day, hour, minute))!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void P050_4_7_TodayIsThePostOfficesLocalDate_NotUtc()
    {
        // 21:00 in Washington on 24 Nov is 02:00 UTC on 25 Nov: the 24th is still the date of deposit.
        var now = Eastern(11, 24, 21);
        Assert.False(MailingDateRule.At(new DateOnly(2026, 11, 24), now, Schedule).IsBroken());
        var utcOnly = MailingDateRule.At(new DateOnly(2026, 11, 24), now, null);
        Assert.True(utcOnly.IsBroken());
        Assert.Equal("mailing_date_in_past", utcOnly.Code);
    }

    public static TheoryData<int, int, int, int, string, bool> Boundaries => new()
    {
        // P050 4.7 at the Washington office, Tuesday 24 Nov 2026 (collections 10:00 and 17:00).
        { 11, 24, 16, 59, "2026-11-24", false }, // before the last collection: today
        { 11, 24, 16, 59, "2026-11-25", true },  // … and not yet the next collection day
        { 11, 24, 17, 0, "2026-11-24", false },  // at the last collection: still today's date of deposit
        { 11, 24, 17, 0, "2026-11-25", false },  // … or the next collection day
        { 11, 24, 17, 0, "2026-11-26", true },   // later than the next collection day
        { 11, 24, 17, 0, "2026-11-23", true },   // in the past
        { 11, 25, 18, 0, "2026-11-27", false },  // Wednesday evening; Thursday is a holiday: Friday
        { 11, 25, 18, 0, "2026-11-26", true },   // the holiday is not a collection day
        { 11, 28, 12, 30, "2026-11-30", false }, // Saturday after noon: Monday
        { 11, 28, 12, 30, "2026-11-29", true },  // never Sunday
        { 11, 28, 11, 59, "2026-11-30", true },  // Saturday before noon: only Saturday
        { 11, 29, 9, 0, "2026-11-29", false },   // Sunday: today is always the date of deposit
        { 11, 29, 9, 0, "2026-11-30", false },   // and no collection is left today, so Monday too
        { 11, 29, 9, 0, "2026-12-01", true },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void P050_4_7_TodayOrTheNextCollectionDayAfterTheLastCollection(int month, int day, int hour, int minute, string date, bool broken)
    {
        var rule = MailingDateRule.At(DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Eastern(month, day, hour, minute), Schedule);
        Assert.Equal(broken, rule.IsBroken());
        if (broken) Assert.Contains("P050 4.7", rule.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void P050_4_7_ADateBeforeTheDateOfDeposit_IsRefused()
    {
        var rule = MailingDateRule.At(new DateOnly(2026, 11, 23), Eastern(11, 24, 9), Schedule);
        Assert.True(rule.IsBroken());
        Assert.Equal("mailing_date_in_past", rule.Code);
        Assert.Equal("mailing_date", rule.Field);
    }

    [Theory]
    [InlineData(11, 24, 9, "2026-11-25")]  // a verifier on Tuesday morning: Wednesday at most
    [InlineData(11, 25, 9, "2026-11-27")]  // Wednesday: Thursday is a holiday
    [InlineData(11, 28, 9, "2026-11-30")]  // Saturday: Monday
    public void P050_4_7_TheLatestDateOnMail_IsTheFirstCollectionDayAfterToday(int month, int day, int hour, string expected)
    {
        Assert.Equal(expected, MailingDateRule.LatestOnMail(Eastern(month, day, hour), Schedule).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
