using Ibis.Server.Pages.Portal.Devices;
using Xunit;

namespace Ibis.Server.Tests.Portal;

/// <summary>The watchdog highlight on the device pages: two weeks' warning, then expired.</summary>
public sealed class PortalFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(90 * 24.0, "ok", "in 90 days")]
    [InlineData(14 * 24.0 + 1, "ok", "in 14 days")]
    [InlineData(14 * 24.0, "due", "in 14 days")]
    [InlineData(5, "due", "in 5 hours")]
    [InlineData(0, "expired", "expired 1 minute ago")]
    [InlineData(-72, "expired", "expired 3 days ago")]
    public void Watchdog_IsHighlightedWithinTwoWeeks_AndWhenPassed(double hoursLeft, string state, string distance)
    {
        var deadline = Now.AddHours(hoursLeft);
        Assert.Equal(state, PortalFormat.WatchdogState(deadline, Now));
        Assert.Equal(distance, PortalFormat.WatchdogDistance(deadline, Now));
    }

    [Fact]
    public void Times_AreUtcToTheSecond()
    {
        Assert.Equal("2026-03-01 07:00:00 UTC", PortalFormat.Time(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(5))));
        Assert.Equal("never", PortalFormat.Time((DateTimeOffset?)null));
        Assert.Equal("in service", PortalFormat.Words("in_service"));
    }
}
