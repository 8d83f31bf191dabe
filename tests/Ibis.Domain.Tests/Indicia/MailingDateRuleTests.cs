using Ibis.Domain.Indicia;
using Xunit;

namespace Ibis.Domain.Tests.Indicia;

/// <summary>
/// P050 4.7: the date in the indicium must be the actual date of deposit; Ibis allows a few days
/// ahead for a planned deposit and never a date in the past.
/// </summary>
public sealed class MailingDateRuleTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static MailingDateRule Rule(int daysFromToday) =>
        new(Today.AddDays(daysFromToday), Today, MailingDateRule.DefaultMaxDaysAhead);

    [Fact]
    public void DefaultMaxDaysAhead_IsSeven()
    {
        Assert.Equal(7, MailingDateRule.DefaultMaxDaysAhead);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void MailingDate_FromTodayToSevenDaysAhead_IsAccepted(int days)
    {
        Assert.False(Rule(days).IsBroken());
        Rules.Check(Rule(days));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(365)]
    public void MailingDate_MoreThanSevenDaysAhead_IsBrokenWithTooFarAhead(int days)
    {
        var rule = Rule(days);
        Assert.True(rule.IsBroken());
        Assert.Equal("mailing_date_too_far_ahead", rule.Code);
        Assert.Equal("mailing_date", rule.Field);
        var e = Assert.Throws<BusinessRuleViolationException>(() => Rules.Check(rule));
        Assert.Equal("mailing_date_too_far_ahead", e.Code);
        Assert.Same(rule, e.Rule);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-30)]
    public void MailingDate_BeforeToday_IsBrokenWithInPast(int days)
    {
        var rule = Rule(days);
        Assert.True(rule.IsBroken());
        Assert.Equal("mailing_date_in_past", rule.Code);
        Assert.Contains("P050 4.7", rule.Message, StringComparison.Ordinal);
        Assert.Equal("mailing_date_in_past", Assert.Throws<BusinessRuleViolationException>(() => Rules.Check(rule)).Code);
    }

    [Fact]
    public void MailingDate_WithNoDaysAheadAllowed_AcceptsOnlyToday()
    {
        Assert.False(new MailingDateRule(Today, Today, 0).IsBroken());
        Assert.True(new MailingDateRule(Today.AddDays(1), Today, 0).IsBroken());
    }

    [Fact]
    public void MailingDate_AcrossAMonthAndYearEnd_CountsCalendarDays()
    {
        var newYearsEve = new DateOnly(2026, 12, 31);
        Assert.False(new MailingDateRule(new DateOnly(2027, 1, 7), newYearsEve, 7).IsBroken());
        Assert.True(new MailingDateRule(new DateOnly(2027, 1, 8), newYearsEve, 7).IsBroken());
    }
}
