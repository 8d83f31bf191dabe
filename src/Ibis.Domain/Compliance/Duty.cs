namespace Ibis.Domain.Compliance;

/// <summary>Who must act on a duty, or who hears of it when it is missed.</summary>
public enum DutyParty
{
    Licensee,
    Provider,
    PostalService,
}

/// <summary>Where a duty stands at an instant: still ahead, past its deadline, or discharged. Not a column (it follows from the
/// deadline and the row's state); its text (due | overdue | done) is what the API shows and filters on.</summary>
[StoredAsText]
public enum DutyStatus
{
    Due,
    Overdue,
    Done,
}

/// <summary>
/// What the row of a duty records: still to be done, or discharged (see <see cref="DutyOutcome"/> for how).
/// "Due" and "overdue" are not stored: they follow from the clock (<see cref="DutyStatus"/>). Stored as open | done.
/// </summary>
[StoredAsText]
public enum DutyState
{
    Open,
    Done,
}

/// <summary>How a duty was discharged: done by whoever owed it, or a window (an appeal) that closed unused.</summary>
public enum DutyOutcome
{
    Done,
    Lapsed,
}

/// <summary>The notices a duty gives during its life; each is given at most once.</summary>
public enum DutyNoticeKind
{
    /// <summary>Before the deadline, to the party that must act.</summary>
    Reminder,

    /// <summary>At the deadline, to the party that must act.</summary>
    Overdue,

    /// <summary>At the deadline, to the party the rule escalates to (usually the Postal Service).</summary>
    Escalation,
}

/// <summary>Stable lower_snake codes of the enums above, as stored and as the API shows them.</summary>
public static class DutyCodes
{
    public static string Of(DutyParty party) => party switch
    {
        DutyParty.Licensee => "licensee",
        DutyParty.Provider => "provider",
        DutyParty.PostalService => "postal",
        _ => throw new ArgumentOutOfRangeException(nameof(party)),
    };

    public static string Of(DutyOutcome outcome) => outcome == DutyOutcome.Lapsed ? "lapsed" : "done";

    public static string Of(DutyNoticeKind kind) => kind switch
    {
        DutyNoticeKind.Reminder => "reminder",
        DutyNoticeKind.Overdue => "overdue",
        DutyNoticeKind.Escalation => "escalation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>
/// One dated duty of one subject (a device, a license, a provider's day): what the rule asks, by when,
/// and what has happened to it. Its notices follow from the instant alone, so a sweep that runs late
/// (after downtime) gives exactly the notices a punctual one would have given, and none twice.
/// </summary>
public sealed record Duty(IDutyRule Rule, string SubjectId, DateTimeOffset DueAt, DateTimeOffset? CompletedAt = null)
{
    public DutyStatus StatusAt(DateTimeOffset now) =>
        CompletedAt is not null ? DutyStatus.Done : now >= DueAt ? DutyStatus.Overdue : DutyStatus.Due;

    /// <summary>When the reminder falls due, or null when the rule gives none.</summary>
    public DateTimeOffset? RemindAt => Rule.ReminderLead > TimeSpan.Zero ? DueAt - Rule.ReminderLead : null;

    /// <summary>
    /// The notices owed at <paramref name="now"/> that have not been given yet. A reminder whose
    /// moment passed together with the deadline is not sent late: the overdue notice says more.
    /// </summary>
    public IReadOnlyList<DutyNoticeKind> NoticesOwed(DateTimeOffset now, bool reminded, bool overdueNoticed)
    {
        if (CompletedAt is not null) return [];
        var owed = new List<DutyNoticeKind>();
        if (now >= DueAt)
        {
            if (!overdueNoticed)
            {
                owed.Add(DutyNoticeKind.Overdue);
                if (Rule.EscalatesTo is not null) owed.Add(DutyNoticeKind.Escalation);
            }
        }
        else if (!reminded && RemindAt is { } remindAt && now >= remindAt)
        {
            owed.Add(DutyNoticeKind.Reminder);
        }
        return owed;
    }
}
