namespace Ibis.Data.Entities;

/// <summary>
/// A sanction procedure against a provider (Ibis.Domain.Organisations.Sanction): its section, the action
/// proposed, where it stands and the instants of each step. The deadlines here are the compliance duties'.
/// </summary>
public sealed class SanctionRow
{
    public required string Id { get; set; }
    public required string ProviderId { get; set; }
    public bool Sandbox { get; set; }
    /// <summary>authorization (§502.5) | system_approval (§502.13) | reporting (§502.15) | distribution_controls (§502.21)</summary>
    public required string Basis { get; set; }
    /// <summary>suspension | revocation | administrative_sanction</summary>
    public required string Action { get; set; }
    /// <summary>cure_period | noticed | defended | decided | appealed | in_effect | ended | withdrawn</summary>
    public required string Stage { get; set; }
    public required string Grounds { get; set; }
    public bool Willful { get; set; }
    public int? SuspensionDays { get; set; }
    public long? AmountMills { get; set; }
    public DateTimeOffset? CureDueAt { get; set; }
    public DateTimeOffset? NoticedAt { get; set; }
    public DateTimeOffset? DefenseDueAt { get; set; }
    public DateTimeOffset? DefendedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? AppealDueAt { get; set; }
    public DateTimeOffset? AppealedAt { get; set; }
    public DateTimeOffset? AppealDecidedAt { get; set; }
    public DateTimeOffset? EffectiveAt { get; set; }
    public DateTimeOffset? TookEffectAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public long? RemainingSecondsAtStay { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public required string IssuedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One step of a sanction procedure, with the written notice it sent (if any) and who took it.</summary>
public sealed class SanctionEventRow
{
    public required string Id { get; set; }
    public required string SanctionId { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    /// <summary>A user or key id, or "scheduler" for a step the clock took.</summary>
    public required string RecordedBy { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// §502.17: one day's test indicia (sandbox, SAMPLE) of one provider, collected and destroyed by the daily
/// job; (provider, day) is unique, so a repeated run or a second node logs a day once.
/// </summary>
public sealed class TestIndiciaDestructionRow
{
    public required string Id { get; set; }
    public required string ProviderId { get; set; }
    public DateOnly Day { get; set; }
    public int Count { get; set; }
    public long FaceValueMills { get; set; }
    /// <summary>daily_job | provider</summary>
    public required string Trigger { get; set; }
    public DateTimeOffset DestroyedAt { get; set; }
}
