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
        Assert.False(MailingDateRule.At(new DateOnly(2026, 11, 24), now, Schedule, 7).IsBroken());
        var utcOnly = MailingDateRule.At(new DateOnly(2026, 11, 24), now, null, 7);
        Assert.True(utcOnly.IsBroken());
        Assert.Equal("mailing_date_in_past", utcOnly.Code);
    }

    [Fact]
    public void P050_4_7_AfterTheLastCollection_TheNextCollectionDateIsAllowedEvenBeyondTheWindow()
    {
        // Window of 0 days ahead: only today, or the date of the next scheduled collection.
        var saturdayAfternoon = Eastern(11, 28, 13);
        Assert.False(MailingDateRule.At(new DateOnly(2026, 11, 28), saturdayAfternoon, Schedule, 0).IsBroken());
        Assert.False(MailingDateRule.At(new DateOnly(2026, 11, 30), saturdayAfternoon, Schedule, 0).IsBroken());
        var sunday = MailingDateRule.At(new DateOnly(2026, 11, 29), saturdayAfternoon, Schedule, 0);
        Assert.True(sunday.IsBroken());
        Assert.Equal("mailing_date_too_far_ahead", sunday.Code);
        Assert.Contains("P050 4.7", sunday.Message);
    }

    [Fact]
    public void P050_4_7_ADateBeforeTheDateOfDeposit_IsRefused()
    {
        var rule = MailingDateRule.At(new DateOnly(2026, 11, 23), Eastern(11, 24, 9), Schedule, 7);
        Assert.True(rule.IsBroken());
        Assert.Equal("mailing_date_in_past", rule.Code);
        Assert.Equal("mailing_date", rule.Field);
    }
}
