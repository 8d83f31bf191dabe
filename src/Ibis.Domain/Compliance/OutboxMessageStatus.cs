namespace Ibis.Domain.Compliance;

/// <summary>
/// Where a message of the outbox (a duty's notice, a written notice, a statement) stands in its delivery
/// by e-mail. Stored as pending | sent | failed.
/// </summary>
[StoredAsText]
public enum OutboxMessageStatus
{
    /// <summary>Waiting for its next attempt (the first, or a retry after a failed one).</summary>
    Pending,

    /// <summary>The SMTP server accepted it.</summary>
    Sent,

    /// <summary>Given up after the last attempt.</summary>
    Failed,
}
