namespace Ibis.Domain.Compliance;

/// <summary>
/// §502.14(b): the provider notifies the Postal Service of a potential security weakness "promptly (in
/// no event more than 21 calendar days of discovery)". Ibis discovers some itself — a register integrity
/// failure or a failed audit opens a case — and the provider opens others; the clock starts with the case.
/// A missed notice is grounds for an administrative sanction (§502.15), so it goes to the Postal Service.
/// </summary>
public sealed class SecurityWeaknessPreliminaryReportDuty : IDutyRule
{
    public static readonly SecurityWeaknessPreliminaryReportDuty Instance = new();

    public string Code => "security_weakness_preliminary_report_within_21_days";

    public string Section => "§502.14(b); §502.15";

    public string Title => "notify the Postal Service of the potential security weakness within 21 calendar days of its discovery";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(7);

    public DutyParty? EscalatesTo => DutyParty.PostalService;
}

/// <summary>§502.14(c): the written report within 45 days of the preliminary notice.</summary>
public sealed class SecurityWeaknessWrittenReportDuty : IDutyRule
{
    public static readonly SecurityWeaknessWrittenReportDuty Instance = new();

    public string Code => "security_weakness_written_report_within_45_days";

    public string Section => "§502.14(c); §502.15";

    public string Title => "submit the written report (circumstances, investigative procedure, anticipated completion date) within 45 days of the preliminary notice";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(10);

    public DutyParty? EscalatesTo => DutyParty.PostalService;
}

/// <summary>§502.14(c): periodic status reports during the investigation (every 30 days in Ibis) until the summary of findings.</summary>
public sealed class SecurityWeaknessStatusReportDuty : IDutyRule
{
    public static readonly SecurityWeaknessStatusReportDuty Instance = new();

    public string Code => "security_weakness_status_report";

    public string Section => "§502.14(c)";

    public string Title => "send the Postal Service a status report on the investigation (every 30 days until the summary of findings)";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(5);

    public DutyParty? EscalatesTo => DutyParty.PostalService;
}
