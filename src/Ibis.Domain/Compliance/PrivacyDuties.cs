namespace Ibis.Domain.Compliance;

/// <summary>
/// Notice 820.100 "Retention and Disposal": records are disposed of when their period ends (logon 1
/// year, ACH 2 years, security access 2 years after cancellation, other records 4 years after the
/// relationship ends). Ibis runs the disposal daily; a UTC day without a run by the end of the next day
/// is escalated to the privacy officer's Postal Service.
/// </summary>
public sealed class DailyRetentionDisposalDuty : IDutyRule
{
    public static readonly DailyRetentionDisposalDuty Instance = new();

    public string Code => "daily_retention_disposal";

    public string Section => "notice 820.100 Retention and Disposal";

    public string Title => "dispose of the customer records whose retention period has ended";

    public DutyParty Owner => DutyParty.PostalService;

    public TimeSpan ReminderLead => TimeSpan.Zero;

    public DutyParty? EscalatesTo => null;

    public static string SubjectOf(DateOnly day) => $"retention:{day:yyyy-MM-dd}";

    public static DateTimeOffset DueAt(DateOnly day) => new(day.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
