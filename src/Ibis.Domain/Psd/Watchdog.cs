namespace Ibis.Domain.Psd;

/// <summary>
/// The watchdog (P050 3.4, 2.5c; §502.23): a device whose last successful audit or reset is older
/// than the audit period (default 3 months) refuses to print until a new audit succeeds.
/// </summary>
public static class Watchdog
{
    public const int DefaultPeriodMonths = 3;

    public static DateTimeOffset DeadlineAfter(DateTimeOffset successfulAuditOrReset, int periodMonths = DefaultPeriodMonths) =>
        successfulAuditOrReset.AddMonths(periodMonths);
}

public sealed record WatchdogRule(DateTimeOffset Deadline, DateTimeOffset Now) : IBusinessRule
{
    public string Code => "watchdog_expired";

    public string Message => $"the device's last successful audit was too long ago (the watchdog expired {Deadline:yyyy-MM-dd HH:mm} UTC); the provider must audit it before it prints again (§502.23)";

    public bool IsBroken() => Now > Deadline;
}

/// <summary>
/// A device never accepts a time earlier than one it has already seen (beyond a small tolerance
/// for clock skew between nodes): a clock moved backwards could reopen an expired watchdog or
/// back-date postage.
/// </summary>
public sealed record ClockMustNotMoveBackwardsRule(DateTimeOffset LastSeen, DateTimeOffset Now, TimeSpan Tolerance) : IBusinessRule
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public string Code => "clock_moved_backwards";

    public string Message => $"the clock reads {Now:O}, earlier than {LastSeen:O} already seen by this device; refusing until the clock is right";

    public bool IsBroken() => Now < LastSeen - Tolerance;
}
