namespace Ibis.Domain.Compliance;

/// <summary>
/// P050 2.4: an applicant refused a license, or a licensee whose license is revoked, may appeal in
/// writing within 10 calendar days of receipt of the decision. A right, not an obligation: the window
/// closes unused (lapsed) rather than becoming overdue, and nobody else is told.
/// </summary>
public sealed class AppealWithinTenDaysDuty : IDutyRule
{
    public static readonly AppealWithinTenDaysDuty Instance = new();

    public const int Days = 10;

    public string Code => "appeal_within_10_days";

    public string Section => "P050 2.4";

    public string Title => "file any written appeal with the Manager, Metering Technology Management, within 10 calendar days of the decision";

    public DutyParty Owner => DutyParty.Licensee;

    public TimeSpan ReminderLead => TimeSpan.FromDays(3);

    public DutyParty? EscalatesTo => null;

    public static DateTimeOffset DueAt(DateTimeOffset decidedAt) => decidedAt.AddDays(Days);
}

/// <summary>
/// P050 2.5g: the licensee maintains address quality by updating the USPS AMS data at least once every
/// 6 months. Ibis cannot see the update itself, so the licensee declares it done; the next one falls
/// due 6 months later.
/// </summary>
public sealed class AmsUpdateEverySixMonthsDuty : IDutyRule
{
    public static readonly AmsUpdateEverySixMonthsDuty Instance = new();

    public const int Months = 6;

    public string Code => "ams_update_every_6_months";

    public string Section => "P050 2.5g";

    public string Title => "update the USPS Address Management System (AMS) data at least once every 6 months";

    public DutyParty Owner => DutyParty.Licensee;

    public TimeSpan ReminderLead => TimeSpan.FromDays(14);

    public DutyParty? EscalatesTo => null;

    public bool CompletedByDeclaration => true;

    public static DateTimeOffset DueAt(DateTimeOffset since) => since.AddMonths(Months);
}

/// <summary>
/// P050 2.5e: the licensee verifies and updates its license information "on a periodic basis". The rule
/// names no period; Ibis asks once a year (a changed 3601-A goes through POST /v1/licenses/{id}/updates),
/// declared done by the licensee.
/// </summary>
public sealed class LicenseInformationCheckDuty : IDutyRule
{
    public static readonly LicenseInformationCheckDuty Instance = new();

    public const int Months = 12;

    public string Code => "license_information_check";

    public string Section => "P050 2.5e";

    public string Title => "verify the license information (Form 3601-A) and send the provider any change";

    public DutyParty Owner => DutyParty.Licensee;

    public TimeSpan ReminderLead => TimeSpan.FromDays(30);

    public DutyParty? EscalatesTo => null;

    public bool CompletedByDeclaration => true;

    public static DateTimeOffset DueAt(DateTimeOffset since) => since.AddMonths(Months);
}
