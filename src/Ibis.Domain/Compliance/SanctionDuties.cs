namespace Ibis.Domain.Compliance;

/// <summary>
/// §502.5(c)(1), §502.13(b)(1): after a notice of proposed suspension the provider corrects the cited
/// deficiencies within the time limit. When the limit passes the Postal Service is told, so that it
/// issues the notice of suspension (§502.5(c)(2)) or records the correction.
/// </summary>
public sealed class SanctionCureDuty : IDutyRule
{
    public static readonly SanctionCureDuty Instance = new();

    public string Code => "sanction_cure_deficiencies";

    public string Section => "§502.5(c)(1); §502.13(b)(1)";

    public string Title => "correct the deficiencies cited in the notice of proposed suspension and achieve compliance within the time limit";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(7);

    public DutyParty? EscalatesTo => DutyParty.PostalService;
}

/// <summary>
/// §502.5(d), §502.13(c), §502.15(c), §502.21(d): the provider may present a written defense within 30
/// calendar days of the notice. A right: unused, the window lapses and the action takes effect.
/// </summary>
public sealed class SanctionDefenseDuty : IDutyRule
{
    public static readonly SanctionDefenseDuty Instance = new();

    public string Code => "sanction_defense_within_30_days";

    public string Section => "§502.5(d); §502.13(c); §502.15(c); §502.21(d)";

    public string Title => "present any written defense, with all supporting evidence, within 30 calendar days of the notice";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(7);

    public DutyParty? EscalatesTo => null;
}

/// <summary>
/// §502.5(e), §502.13(d), §502.15(e), §502.21(f): the provider may appeal the decision within 30 calendar
/// days; the appeal stays the sanction. A right, lapsed when unused.
/// </summary>
public sealed class SanctionAppealDuty : IDutyRule
{
    public static readonly SanctionAppealDuty Instance = new();

    public string Code => "sanction_appeal_within_30_days";

    public string Section => "§502.5(e); §502.13(d); §502.15(e); §502.21(f)";

    public string Title => "file any written appeal of the sanction decision within 30 calendar days";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.FromDays(7);

    public DutyParty? EscalatesTo => null;
}

/// <summary>
/// §502.5(c)(3)-(4), §502.13(b)(3)-(4): a suspension lasts up to 90 days; at its end the Postal Service
/// extends it, revokes, or lets it end. Ibis ends it by itself at its date (the sanctions job); the
/// Postal Service is reminded a week before so that it can decide in time.
/// </summary>
public sealed class SuspensionEndDuty : IDutyRule
{
    public static readonly SuspensionEndDuty Instance = new();

    public string Code => "suspension_ends";

    public string Section => "§502.5(c)(3)-(4); §502.13(b)(3)-(4)";

    public string Title => "decide at the end of the suspension whether to extend it, revoke, or let it end (it ends by itself on its date)";

    public DutyParty Owner => DutyParty.PostalService;

    public TimeSpan ReminderLead => TimeSpan.FromDays(7);

    public DutyParty? EscalatesTo => null;
}
