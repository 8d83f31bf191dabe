namespace Ibis.Domain.Indicia;

/// <summary>
/// P050 4.7: the date on the indicium must be the actual date of deposit (or the next scheduled
/// collection). Ibis refuses dates before today and allows printing a few days ahead for a planned
/// deposit (default 7, like the closed PC Postage products), so a mailer can prepare a mailing.
/// </summary>
public sealed record MailingDateRule(DateOnly MailingDate, DateOnly Today, int MaxDaysAhead) : IBusinessRule
{
    public const int DefaultMaxDaysAhead = 7;

    public string Code => MailingDate < Today ? "mailing_date_in_past" : "mailing_date_too_far_ahead";

    public string Message => MailingDate < Today
        ? $"mailing date {MailingDate:yyyy-MM-dd} is before today ({Today:yyyy-MM-dd}); the indicium must show the date of deposit (P050 4.7)"
        : $"mailing date {MailingDate:yyyy-MM-dd} is more than {MaxDaysAhead} days ahead of today ({Today:yyyy-MM-dd})";

    public string? Field => "mailing_date";

    public bool IsBroken() => MailingDate < Today || MailingDate > Today.AddDays(MaxDaysAhead);
}
