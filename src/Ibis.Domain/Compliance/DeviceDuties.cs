using Ibis.Domain.Psd;

namespace Ibis.Domain.Compliance;

/// <summary>
/// P050 2.5c, 3.4, §502.23: every device is reset or audited at least once every 3 months (the
/// watchdog stops printing after that, <see cref="WatchdogRule"/>). The licensee is reminded two weeks
/// before; a missed deadline is evidence for revoking the license under P050 2.3b, so it goes to the
/// Postal Service.
/// </summary>
public sealed class ResetOrAuditEveryThreeMonthsDuty : IDutyRule
{
    public static readonly ResetOrAuditEveryThreeMonthsDuty Instance = new();

    public string Code => "reset_or_audit_every_3_months";

    public string Section => "P050 2.5c, 3.4; §502.23; P050 2.3b";

    public string Title => "reset or audit the device at least once every 3 months";

    public DutyParty Owner => DutyParty.Licensee;

    public TimeSpan ReminderLead => TimeSpan.FromDays(14);

    public DutyParty? EscalatesTo => DutyParty.PostalService;

    /// <summary>The duty falls due when the watchdog expires: the period after the last successful audit or reset.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset lastAuditOrReset, int periodMonths = Watchdog.DefaultPeriodMonths) =>
        Watchdog.DeadlineAfter(lastAuditOrReset, periodMonths);
}

/// <summary>
/// §502.20(h): when the Postal Service revokes a license, the provider cancels the lease, removes the
/// PSD within 15 calendar days and has it checked out of service. A task still open after 15 days is
/// escalated to the Postal Service.
/// </summary>
public sealed class RemoveDeviceAfterRevocationDuty : IDutyRule
{
    public static readonly RemoveDeviceAfterRevocationDuty Instance = new();

    public const int Days = 15;

    public string Code => "remove_device_after_revocation";

    public string Section => "§502.20(h)";

    public string Title => "cancel the lease, remove the PSD and have it checked out of service within 15 calendar days of the revocation";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(5);

    public DutyParty? EscalatesTo => DutyParty.PostalService;

    public static DateTimeOffset DueAt(DateTimeOffset revokedAt) => revokedAt.AddDays(Days);
}

/// <summary>
/// §502.17: "All IBIP indicia created in the process of testing the IBI system by the Provider, or its
/// agent, must be collected and destroyed daily." Test indicia are the sandbox's (SAMPLE, signed under the
/// sandbox CA). Each provider's day with test indicia owes one destruction, logged by the daily job; a
/// day not destroyed by the end of the next goes to the Postal Service.
/// </summary>
public sealed class TestIndiciaDestroyedDailyDuty : IDutyRule
{
    public static readonly TestIndiciaDestroyedDailyDuty Instance = new();

    public string Code => "test_indicia_destroyed_daily";

    public string Section => "§502.17";

    public string Title => "collect and destroy the day's test indicia (logged)";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.Zero;

    public DutyParty? EscalatesTo => DutyParty.PostalService;

    public static string SubjectOf(string providerId, DateOnly day) => $"{providerId}:{day:yyyy-MM-dd}";

    public static DateTimeOffset DueAt(DateOnly day) => new(day.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
