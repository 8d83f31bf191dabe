using Ibis.Domain.Compliance;

namespace Ibis.Data.Entities;

/// <summary>
/// One dated duty of one subject (Ibis.Domain.Compliance): which rule, by when, who owes it, and which
/// of its notices have been given. (rule, subject_id, due_at) is unique, so a sweep run twice, or by two
/// nodes, records a duty once.
/// </summary>
public sealed class DutyRow
{
    public required string Id { get; set; }
    public required string Rule { get; set; }
    public required string Section { get; set; }
    public required string SubjectId { get; set; }
    /// <summary>licensee | provider | postal (DutyParty)</summary>
    public required string Owner { get; set; }
    public string? ProviderId { get; set; }
    public string? LicenseeId { get; set; }
    public bool Sandbox { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>"Due" and "overdue" follow from the clock (DutyStatus).</summary>
    public required DutyState State { get; set; }
    /// <summary>done | lapsed, once done.</summary>
    public string? Outcome { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }
    public DateTimeOffset? OverdueNoticedAt { get; set; }
    /// <summary>The party the missed duty went to (postal), and when.</summary>
    public string? EscalatedTo { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The transactional outbox: a message to one user, written in the same transaction as what it tells
/// of, delivered by e-mail later with retries. (source_key, user_id) is unique, so one event gives one
/// message per user however often it is swept.
/// </summary>
public sealed class OutboxMessageRow
{
    public required string Id { get; set; }
    /// <summary>What caused it: duty:{id}:{reminder|overdue|escalation} or notice:{id}.</summary>
    public required string SourceKey { get; set; }
    public required string UserId { get; set; }
    public required string ToAddress { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    /// <summary>reminder | overdue | escalation | notice</summary>
    public required string Kind { get; set; }
    public string? DutyId { get; set; }
    public string? NoticeId { get; set; }
    public required OutboxMessageStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The delivery log: one line per attempt to hand a message to the SMTP server.</summary>
public sealed class OutboxDeliveryRow
{
    public required string Id { get; set; }
    public required string MessageId { get; set; }
    public int Attempt { get; set; }
    /// <summary>sent | failed</summary>
    public required string Outcome { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset At { get; set; }
}
