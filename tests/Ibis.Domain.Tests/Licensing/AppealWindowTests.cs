using Ibis.Domain.Licensing;
using Xunit;

namespace Ibis.Domain.Tests.Licensing;

/// <summary>P050 2.4: a written appeal within 10 calendar days of receipt of the decision.</summary>
public sealed class AppealWindowTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 1, 23, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, true)]
    [InlineData(9, true)]
    [InlineData(10, true)] // 11 March, the tenth calendar day after 1 March
    [InlineData(11, false)]
    public void Window_CountsCalendarDays(int daysLater, bool open)
    {
        var now = new DateTimeOffset(2026, 3, 1, 0, 5, 0, TimeSpan.Zero).AddDays(daysLater);
        Assert.Equal(open, AppealWindow.IsOpen(Received, now));
        Assert.Equal(!open, new AppealMustBeTimelyRule(Received, now).IsBroken());
    }

    [Fact]
    public void LateAppeal_BreaksTheRule_WithItsCode_AndTheLastDay()
    {
        var rule = new AppealMustBeTimelyRule(Received, Received.AddDays(12));
        Assert.Equal("appeal_window_closed", rule.Code);
        Assert.Contains("2026-03-11", rule.Message);
    }

    [Fact]
    public void Reasons_AreThoseOfTheStandards()
    {
        Assert.Equal(["a", "b", "c", "d", "e", "f"], RevocationReasons.All.Keys.Order().ToArray());
        Assert.Equal(3, RefusalReasons.All.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 23, 30, 0, TimeSpan.Zero), RevocationDeadlines.RemovePsdBy(Received));
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    public void Lease_MustBeInForce_WhenLeasesAreOnRecord(bool any, bool active, bool broken) =>
        Assert.Equal(broken, new LeaseMustBeActiveRule("lic_x", any, active).IsBroken());
}
