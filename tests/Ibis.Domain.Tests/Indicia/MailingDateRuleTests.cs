using Ibis.Domain.Indicia;
using Xunit;

namespace Ibis.Domain.Tests.Indicia;

/// <summary>
/// P050 4.7: the date in the indicium is the actual date of deposit, or — for mail deposited after
/// the last collection of the day — the date of the next collection. Nothing earlier and nothing
/// later; there is no "days ahead" window.
/// </summary>
public sealed class MailingDateRuleTests
{
    private static readonly DateOnly Today = new(2026, 3, 2); // a Monday

    [Fact]
    public void P050_4_7_Today_IsAccepted()
    {
        var rule = new MailingDateRule(Today, Today);
        Assert.False(rule.IsBroken());
        Rules.Check(rule);
        Assert.Equal(Today, rule.Latest);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)] // the old default window is gone
    [InlineData(365)]
    public void P050_4_7_AnyLaterDate_BeforeTheLastCollection_IsTooFarAhead(int days)
    {
        var rule = new MailingDateRule(Today.AddDays(days), Today);
        Assert.True(rule.IsBroken());
        Assert.Equal("mailing_date_too_far_ahead", rule.Code);
        Assert.Equal("mailing_date", rule.Field);
        Assert.Equal(RuleKind.BadInput, rule.Kind);
        Assert.Contains("P050 4.7", rule.Message, StringComparison.Ordinal);
        var e = Assert.Throws<BusinessRuleViolationException>(() => Rules.Check(rule));
        Assert.Equal("mailing_date_too_far_ahead", e.Code);
        Assert.Same(rule, e.Rule);
    }

    [Theory]
    [InlineData(0, false)] // the date of deposit is always right
    [InlineData(1, false)] // the next collection day, once the last collection has gone
    [InlineData(2, true)]  // a day after the next collection day
    [InlineData(8, true)]
    public void P050_4_7_AfterTheLastCollection_TheNextCollectionDayIsTheLatestDate(int days, bool broken)
    {
        var rule = new MailingDateRule(Today.AddDays(days), Today, NextCollection: Today.AddDays(1));
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal(Today.AddDays(1), rule.Latest);
        if (broken) Assert.Equal("mailing_date_too_far_ahead", rule.Code);
    }

    [Fact]
    public void P050_4_7_ADayBetweenTodayAndTheNextCollection_IsNotTheNextCollectionDay()
    {
        // Saturday evening, no Sunday collection: Saturday's or Monday's date, never Sunday's.
        var saturday = new DateOnly(2026, 3, 7);
        Assert.False(new MailingDateRule(saturday, saturday, saturday.AddDays(2)).IsBroken());
        Assert.False(new MailingDateRule(saturday.AddDays(2), saturday, saturday.AddDays(2)).IsBroken());
        var sunday = new MailingDateRule(saturday.AddDays(1), saturday, saturday.AddDays(2));
        Assert.True(sunday.IsBroken());
        Assert.Equal("mailing_date_too_far_ahead", sunday.Code);
        Assert.Contains("2026-03-09", sunday.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-30)]
    public void P050_4_7_MailingDate_BeforeToday_IsBrokenWithInPast(int days)
    {
        foreach (var rule in new[] { new MailingDateRule(Today.AddDays(days), Today), new MailingDateRule(Today.AddDays(days), Today, Today.AddDays(1)) })
        {
            Assert.True(rule.IsBroken());
            Assert.Equal("mailing_date_in_past", rule.Code);
            Assert.Contains("P050 4.7", rule.Message, StringComparison.Ordinal);
            Assert.Equal("mailing_date_in_past", Assert.Throws<BusinessRuleViolationException>(() => Rules.Check(rule)).Code);
        }
    }

    [Fact]
    public void P050_4_7_AcrossAYearEnd_TheNextCollectionDayIsADate_NotACount()
    {
        var newYearsEve = new DateOnly(2026, 12, 31);
        // 1 January has no collection: the next collection day is 2 January.
        Assert.False(new MailingDateRule(new DateOnly(2027, 1, 2), newYearsEve, new DateOnly(2027, 1, 2)).IsBroken());
        Assert.True(new MailingDateRule(new DateOnly(2027, 1, 1), newYearsEve, new DateOnly(2027, 1, 2)).IsBroken());
        Assert.True(new MailingDateRule(new DateOnly(2027, 1, 3), newYearsEve, new DateOnly(2027, 1, 2)).IsBroken());
    }

    [Fact]
    public void P050_4_7_WithoutASchedule_VerifiersTolerateFourDays()
    {
        var now = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(4, MailingDateRule.UnscheduledToleranceDays);
        Assert.Equal(new DateOnly(2026, 3, 6), MailingDateRule.LatestOnMail(now, schedule: null));
    }
}
