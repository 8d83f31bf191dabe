namespace Ibis.Domain.Compliance;

/// <summary>
/// The reports a device incident owes, each due on a day the incident records (P050 2.7, 2.8; §502.20(f),
/// (g); §502.24(d)): the deadline falls at the end of that day, UTC.
/// </summary>
public static class IncidentDeadline
{
    public static DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>
/// §502.20(g), P050 2.8: the provider files the Lost and Stolen PSD Incident Report with the Postal
/// Service within 30 days of the report of a lost or stolen device; a late report goes to the Postal Service.
/// </summary>
public sealed class LostStolenIncidentReportDuty : IDutyRule
{
    public static readonly LostStolenIncidentReportDuty Instance = new();

    public string Code => "lost_stolen_incident_report_within_30_days";

    public string Section => "§502.20(g); P050 2.8";

    public string Title => "file the Lost and Stolen PSD Incident Report within 30 days of the loss or theft report";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(7);

    public DutyParty? EscalatesTo => DutyParty.PostalService;
}

/// <summary>§502.24(d): a recovered device's recovery report is due within 30 days of its recovery.</summary>
public sealed class RecoveryReportDuty : IDutyRule
{
    public static readonly RecoveryReportDuty Instance = new();

    public string Code => "recovery_report_within_30_days";

    public string Section => "§502.24(d)";

    public string Title => "file the recovery report within 30 days of the device's recovery";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(7);

    public DutyParty? EscalatesTo => DutyParty.PostalService;
}

/// <summary>
/// §502.20(f), P050 2.7: a device reported defective is retrieved from the licensee within 3 business
/// days (federal holidays excluded); a late retrieval goes to the Postal Service.
/// </summary>
public sealed class DefectiveDeviceRetrievalDuty : IDutyRule
{
    public static readonly DefectiveDeviceRetrievalDuty Instance = new();

    public string Code => "defective_device_retrieved_within_3_business_days";

    public string Section => "§502.20(f); P050 2.7";

    public string Title => "retrieve the defective device from the licensee within 3 business days of its report";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(1);

    public DutyParty? EscalatesTo => DutyParty.PostalService;
}
