using Ibis.Server.Auth;

namespace Ibis.Server.Queues;

/// <summary>
/// One line of a role's work queue on the portal home: what waits, how many, where to do it. A queue
/// with work in it that is late (or will be soon) is <see cref="Urgent"/>.
/// </summary>
public sealed record QueueItem(string Key, string Title, int Count, string Link, string LinkText, string Hint)
{
    public bool Urgent { get; init; }

    /// <summary>A few of the waiting things by name (the nearest deadlines first), when naming them helps.</summary>
    public IReadOnlyList<QueueEntry> Examples { get; init; } = [];
}

public sealed record QueueEntry(string Text, string Link);

/// <summary>A role's work queue: each query is scoped to the caller's own organisation and mode (DESIGN §4).</summary>
internal interface IRoleQueue
{
    Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Which queue a role works, made with the request's services (no registration needed).</summary>
public static class WorkQueues
{
    /// <summary>A watchdog or duty this close is shown as coming due (issue 19: "watchdogs expiring within 14 days").</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(14);

    public static Type? QueueOf(string role) => role switch
    {
        Caller.ProviderRole => typeof(ProviderQueue),
        Caller.LicenseeRole => typeof(LicenseeQueue),
        Caller.PostalRole => typeof(PostalQueue),
        Caller.LicensingOfficialRole => typeof(LicensingOfficialQueue),
        Caller.AppealsManagerRole => typeof(AppealsManagerQueue),
        Caller.PrivacyOfficerRole => typeof(PrivacyOfficerQueue),
        Caller.InspectorRole => typeof(InspectorQueue),
        Caller.AuditorRole => typeof(AuditorQueue),
        Caller.RefundCoordinatorRole => typeof(RefundCoordinatorQueue),
        _ => null,
    };

    public static async Task<IReadOnlyList<QueueItem>> For(Caller caller, IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        if (QueueOf(caller.Role) is not { } type) return [];
        var queue = (IRoleQueue)ActivatorUtilities.CreateInstance(services, type);
        return await queue.Items(caller, now, ct);
    }

    /// <summary>"3 overdue" / "next due in 4 days" / "none due" — the hint under a count of dated things.</summary>
    public static string DueHint(IReadOnlyCollection<DateTimeOffset> due, DateTimeOffset now)
    {
        if (due.Count == 0) return "Nothing waiting.";
        var overdue = due.Count(d => d <= now);
        if (overdue > 0) return $"{overdue} overdue.";
        var next = due.Min() - now;
        return next.TotalDays >= 1 ? $"Next due in {(int)next.TotalDays} day{((int)next.TotalDays == 1 ? "" : "s")}." : "Next due today.";
    }
}
