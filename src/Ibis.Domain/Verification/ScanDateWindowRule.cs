namespace Ibis.Domain.Verification;

/// <summary>
/// P050 4.6: "Mailpieces bearing an indicia with only the month and year may be accepted during the month
/// shown … through the third day of the following month"; a piece showing a full date is accepted within the
/// installation's acceptance window: from a day before its date (P050 4.7 lets mail deposited after the last
/// collection bear the next collection's date, and scanners stand in other time zones) to
/// <see cref="AcceptanceDays"/> days after it. The window is judged on the scan's own date (UTC).
/// </summary>
public sealed record ScanDateWindowRule(DateOnly MailingDate, bool MonthOnly, DateTimeOffset ScannedAt, int AcceptanceDays) : IBusinessRule
{
    /// <summary>The default acceptance window of a full date, in days after the date shown.</summary>
    public const int DefaultAcceptanceDays = 7;

    /// <summary>P050 4.6: month-only indicia until the third day of the following month.</summary>
    public const int MonthOnlyGraceDays = 3;

    public string Code => VerificationReasons.DateOutsideWindow;

    public string Message => MonthOnly
        ? $"a piece dated {MailingDate:yyyy-MM} (month and year only) is accepted from {First:yyyy-MM-dd} to {Last:yyyy-MM-dd} (P050 4.6); it was scanned on {ScanDate:yyyy-MM-dd}"
        : $"a piece dated {MailingDate:yyyy-MM-dd} is accepted from {First:yyyy-MM-dd} to {Last:yyyy-MM-dd} (P050 4.6, 4.7); it was scanned on {ScanDate:yyyy-MM-dd}";

    public RuleKind Kind => RuleKind.Unprocessable;

    /// <summary>The first date on which the piece may be scanned.</summary>
    public DateOnly First => MonthOnly ? new DateOnly(MailingDate.Year, MailingDate.Month, 1) : MailingDate.AddDays(-1);

    /// <summary>The last date on which the piece may be scanned.</summary>
    public DateOnly Last => MonthOnly
        ? new DateOnly(MailingDate.Year, MailingDate.Month, 1).AddMonths(1).AddDays(MonthOnlyGraceDays - 1)
        : MailingDate.AddDays(AcceptanceDays);

    private DateOnly ScanDate => DateOnly.FromDateTime(ScannedAt.UtcDateTime);

    public bool IsBroken() => ScanDate < First || ScanDate > Last;
}

/// <summary>A scan-event request carries 1 to <see cref="Max"/> events.</summary>
public sealed record ScanBatchSizeRule(int Count) : IBusinessRule
{
    public const int Max = 10_000;

    public string Code => "events_count_invalid";

    public string Message => $"send 1 to {Max:N0} scan events per request (got {Count:N0})";

    public string? Field => "events";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Count is < 1 or > Max;
}
