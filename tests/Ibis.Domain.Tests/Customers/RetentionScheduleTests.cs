using Ibis.Domain.Customers;
using Xunit;

namespace Ibis.Domain.Tests.Customers;

/// <summary>Notice 820.100 "Retention and Disposal": 1 year, 2 years, 2 years after cancellation, 4 years after the relationship ends.</summary>
public sealed class RetentionScheduleTests
{
    private static readonly DateTimeOffset Event = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RetentionCategory.Logon, 1)]
    [InlineData(RetentionCategory.Ach, 2)]
    [InlineData(RetentionCategory.SecurityAccess, 2)]
    [InlineData(RetentionCategory.CustomerRecord, 4)]
    public void Due_ExactlyThatManyCalendarYearsAfterTheEvent(RetentionCategory category, int years)
    {
        Assert.Equal(Event.AddYears(years), RetentionSchedule.DueAt(category, Event));
        var due = RetentionSchedule.DueAt(category, Event);
        Assert.True(Event <= RetentionSchedule.DueIfBefore(category, due));
        Assert.True(Event > RetentionSchedule.DueIfBefore(category, due.AddTicks(-1)));
        Assert.StartsWith("820.100 Retention " + ((int)category + 1), RetentionSchedule.Rule(category));
    }
}
