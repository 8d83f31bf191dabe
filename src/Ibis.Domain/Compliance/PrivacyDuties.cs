namespace Ibis.Domain.Compliance;

/// <summary>
/// Notice 820.100 "Retention and Disposal": records are disposed of when their period ends (logon 1
/// year, ACH 2 years, security access 2 years after cancellation, other records 4 years after the
/// relationship ends). Ibis runs the disposal daily; when no run follows the last one within two days
/// (the scheduler was down), the Postal Service's privacy staff are told.
/// </summary>
public sealed class DailyRetentionDisposalDuty : IDutyRule
{
    public static readonly DailyRetentionDisposalDuty Instance = new();

    public static readonly TimeSpan Grace = TimeSpan.FromDays(2);

    public string Code => "daily_retention_disposal";

    public string Section => "notice 820.100 Retention and Disposal";

    public string Title => "dispose of the customer records whose retention period has ended (daily run)";

    public DutyParty Owner => DutyParty.PostalService;

    public TimeSpan ReminderLead => TimeSpan.Zero;

    public DutyParty? EscalatesTo => null;

    public static DateTimeOffset DueAt(DateTimeOffset lastRun) => lastRun + Grace;
}
