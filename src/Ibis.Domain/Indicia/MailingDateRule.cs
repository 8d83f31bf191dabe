namespace Ibis.Domain.Indicia;

/// <summary>
/// P050 4.7: the date on the indicium must be the actual date of deposit; mail deposited after the
/// day's last scheduled collection may bear the date of the next scheduled collection. Ibis refuses
/// dates before today and allows printing a few days ahead for a planned deposit (default 7, like
/// the closed PC Postage products). "Today" is the licensing post office's local date when its
/// collection schedule is known, else the UTC date; after the day's last collection the date of the
/// next scheduled collection is accepted even beyond the days-ahead window (a long holiday weekend).
/// </summary>
public sealed record MailingDateRule(DateOnly MailingDate, DateOnly Today, int MaxDaysAhead, DateOnly? NextCollection = null) : IBusinessRule
{
    public const int DefaultMaxDaysAhead = 7;

    /// <summary>The rule for a print at <paramref name="now"/> under the office's schedule (null: no schedule known).</summary>
    public static MailingDateRule At(DateOnly mailingDate, DateTimeOffset now, CollectionSchedule? schedule, int maxDaysAhead) =>
        schedule is null
            ? new MailingDateRule(mailingDate, DateOnly.FromDateTime(now.UtcDateTime), maxDaysAhead)
            : new MailingDateRule(mailingDate, schedule.LocalDate(now), maxDaysAhead, schedule.NextCollectionDate(now));

    public string Code => MailingDate < Today ? "mailing_date_in_past" : "mailing_date_too_far_ahead";

    public string Message => MailingDate < Today
        ? $"mailing date {MailingDate:yyyy-MM-dd} is before today ({Today:yyyy-MM-dd}); the indicium must show the date of deposit (P050 4.7)"
        : $"mailing date {MailingDate:yyyy-MM-dd} is more than {MaxDaysAhead} days ahead of today ({Today:yyyy-MM-dd})"
          + (NextCollection is { } next ? $" and is not the next scheduled collection ({next:yyyy-MM-dd}) (P050 4.7)" : " (P050 4.7)");

    public string? Field => "mailing_date";

    public bool IsBroken() => MailingDate < Today || (MailingDate > Today.AddDays(MaxDaysAhead) && MailingDate != NextCollection);
}

/// <summary>
/// P050 4.6: month, day and year on all First-Class Mail (Priority Mail is First-Class, P050 1.4;
/// Express Mail is treated the same); only Standard Mail may omit the day.
/// </summary>
public sealed record CompleteDateRule(Rates.RateCategory Category, bool OmitDay) : IBusinessRule
{
    public string Code => "mailing_date_day_required";

    public string Message => $"{Category.Marking} must show month, day and year; only Standard Mail may omit the day (P050 4.6)";

    public string? Field => "omit_day";

    public bool IsBroken() => OmitDay && !Category.MayOmitDay;
}
