using Ibis.Domain.Quality;

namespace Ibis.Domain.Compliance;

/// <summary>
/// P050 2.5h, §502.26: the licensee forwards a mailpiece of each device to the provider at least once
/// every 6 months after initialization. The licensee is reminded two weeks before; a missed sample is
/// the ground on which "all future postage value resettings will be denied" (the reset checks
/// <see cref="QaSampleOverdueRule"/>), and "the Provider must notify the Postal Service of all
/// noncomplying licensees, so that license revocations can be initiated" — the escalation.
/// </summary>
public sealed class MailpieceSampleEverySixMonthsDuty : IDutyRule
{
    public static readonly MailpieceSampleEverySixMonthsDuty Instance = new();

    public string Code => "mailpiece_sample_every_6_months";

    public string Section => "P050 2.5h; §502.26";

    public string Title => "forward a mailpiece printed by the device to the provider for quality assurance at least once every 6 months";

    public DutyParty Owner => DutyParty.Licensee;

    public TimeSpan ReminderLead => TimeSpan.FromDays(14);

    public DutyParty? EscalatesTo => DutyParty.PostalService;

    /// <summary>6 months after the device was initialized, or after the last sample forwarded.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset commissionedAt, DateTimeOffset? lastSubmittedAt) =>
        QualityProgram.NextDue(commissionedAt, lastSubmittedAt);
}

/// <summary>
/// §502.20(k): "Provide MTM monthly with a compatible computer file of lost or stolen PSDs. The file is
/// due on the first of each month (for the preceding month's activity)." One duty per provider and month;
/// Ibis's daily job produces the file on the 1st, so the duty is missed only when that fails, and a
/// missed file goes to the Postal Service.
/// </summary>
public sealed class MonthlyLostStolenFileDuty : IDutyRule
{
    public static readonly MonthlyLostStolenFileDuty Instance = new();

    public string Code => "monthly_lost_stolen_file";

    public string Section => "§502.20(k)";

    public string Title => "transmit the monthly file of lost and stolen PSDs for the preceding month by the first of the month";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.Zero;

    public DutyParty? EscalatesTo => DutyParty.PostalService;

    /// <summary>The subject of one provider's month: provider id and the month the file covers (YYYY-MM).</summary>
    public static string SubjectOf(string providerId, DateOnly month) => $"{providerId}:{month:yyyy-MM}";

    /// <summary>Due by the end of the first day of the following month, UTC.</summary>
    public static DateTimeOffset DueAt(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1).AddMonths(1);
        return new DateTimeOffset(first.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }
}
