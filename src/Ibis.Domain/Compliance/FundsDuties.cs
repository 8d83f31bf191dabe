namespace Ibis.Domain.Compliance;

/// <summary>
/// §502.20(m): the provider submits a daily financial transaction for each postage value download
/// (reset). Ibis's daily job transmits each day's file; a day with resets and no file by the end of the
/// following day (UTC) is a missed day, escalated to the Postal Service.
/// </summary>
public sealed class DailyFinancialTransactionsDuty : IDutyRule
{
    public static readonly DailyFinancialTransactionsDuty Instance = new();

    public string Code => "daily_financial_transactions";

    public string Section => "§502.20(m)";

    public string Title => "transmit the day's financial transactions (one record per reset) to the Postal Service";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.Zero;

    public DutyParty? EscalatesTo => DutyParty.PostalService;

    /// <summary>The subject of a provider's day: provider id and date, so each day is one duty.</summary>
    public static string SubjectOf(string providerId, DateOnly day) => $"{providerId}:{day:yyyy-MM-dd}";

    public static DateTimeOffset DueAt(DateOnly day) => new(day.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
