namespace Ibis.Domain.Indicia;

/// <summary>
/// P050 4.7: the date on the indicium must be the actual date of deposit; mail deposited after the
/// last scheduled collection of the day at the licensing post office may bear the date of the next
/// scheduled collection. So the only dates accepted are today and, once the day's last collection
/// has gone, the next collection day; a date in the past or any later date is refused (the closed
/// products' "print up to a week ahead" is not in the rule). "Today" is the licensing post office's
/// local date when its collection schedule is known, else the UTC date; without a schedule the
/// next collection is not known, so only today is accepted.
/// </summary>
/// <param name="MailingDate">The date the indicium would show.</param>
/// <param name="Today">The date of deposit: the post office's local date (or UTC without its schedule).</param>
/// <param name="NextCollection">The next collection day, set only when today's last collection has gone.</param>
public sealed record MailingDateRule(DateOnly MailingDate, DateOnly Today, DateOnly? NextCollection = null) : IBusinessRule
{
    /// <summary>
    /// Without a schedule a verifier cannot know the next collection day: a Saturday-afternoon deposit
    /// before a Monday holiday bears Tuesday's date (3 days ahead), and one day more covers a verifier
    /// in another time zone than the post office.
    /// </summary>
    public const int UnscheduledToleranceDays = 4;

    /// <summary>The rule for a print at <paramref name="now"/> under the office's schedule (null: no schedule known).</summary>
    public static MailingDateRule At(DateOnly mailingDate, DateTimeOffset now, CollectionSchedule? schedule)
    {
        if (schedule is null) return new MailingDateRule(mailingDate, DateOnly.FromDateTime(now.UtcDateTime));
        var today = schedule.LocalDate(now);
        // NextCollectionDate is today while a collection is still to come; only a later date means the last one has gone.
        var next = schedule.NextCollectionDate(now);
        return new MailingDateRule(mailingDate, today, next > today ? next : null);
    }

    /// <summary>
    /// The latest date of mailing a piece seen at <paramref name="now"/> can legitimately bear (for
    /// verifiers): the first collection day after today at its post office, or, without the office's
    /// schedule, <see cref="UnscheduledToleranceDays"/> days ahead.
    /// </summary>
    public static DateOnly LatestOnMail(DateTimeOffset now, CollectionSchedule? schedule) =>
        schedule is null
            ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(UnscheduledToleranceDays)
            : schedule.FirstCollectionDateAfter(schedule.LocalDate(now)) ?? schedule.LocalDate(now).AddDays(CollectionSchedule.LookAheadDays);

    /// <summary>The latest date accepted now: the next collection day after the last collection, else today.</summary>
    public DateOnly Latest => NextCollection ?? Today;

    public string Code => MailingDate < Today ? "mailing_date_in_past" : "mailing_date_too_far_ahead";

    public string Message => MailingDate < Today
        ? $"mailing date {MailingDate:yyyy-MM-dd} is before today ({Today:yyyy-MM-dd}); the indicium must show the date of deposit (P050 4.7)"
        : NextCollection is { } next
            ? $"mailing date {MailingDate:yyyy-MM-dd} is neither today ({Today:yyyy-MM-dd}) nor, the last collection of the day having gone, the next collection day ({next:yyyy-MM-dd}) (P050 4.7)"
            : $"mailing date {MailingDate:yyyy-MM-dd} is after today ({Today:yyyy-MM-dd}); the indicium shows the actual date of deposit, or the next collection day only after the last collection of the day (P050 4.7)";

    public string? Field => "mailing_date";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => MailingDate != Today && MailingDate != NextCollection;
}

/// <summary>
/// P050 4.6: month, day and year on all First-Class Mail (Priority Mail is First-Class, P050 1.4;
/// Express Mail is treated the same); only Standard Mail may omit the day.
/// </summary>
public sealed record CompleteDateRule(Rates.RateCategory Category, bool OmitDay) : IBusinessRule
{
    public string Code => "mailing_date_day_required";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => $"{Category.Marking} must show month, day and year; only Standard Mail may omit the day (P050 4.6)";

    public string? Field => "omit_day";

    public bool IsBroken() => OmitDay && !Category.MayOmitDay;
}
