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

/// <summary>
/// P050 3.5c: a provider that does not give the licensee a receipt after each reset "gives a monthly
/// statement to the licensees documenting all transactions for the period and the balance after each
/// transaction". One duty per deposit account on monthly statements and ended month; Ibis's job
/// produces the statement and mails it to the licensee's users, so the duty is missed only when that
/// fails, and then the provider is told.
/// </summary>
public sealed class MonthlyStatementDuty : IDutyRule
{
    public static readonly MonthlyStatementDuty Instance = new();

    public string Code => "monthly_statement";

    public string Section => "P050 3.5c";

    public string Title => "send the licensee the month's statement of every transaction and the balance after each";

    public DutyParty Owner => DutyParty.Provider;

    public TimeSpan ReminderLead => TimeSpan.Zero;

    public DutyParty? EscalatesTo => null;

    /// <summary>The subject of one account's month: account id and the month (YYYY-MM).</summary>
    public static string SubjectOf(string accountId, DateOnly month) => $"{accountId}:{month:yyyy-MM}";

    /// <summary>Due by the end of the 3rd day of the following month, UTC (the hourly job has two days to retry).</summary>
    public static DateTimeOffset DueAt(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1).AddMonths(1);
        return new DateTimeOffset(first.AddDays(3).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }
}
