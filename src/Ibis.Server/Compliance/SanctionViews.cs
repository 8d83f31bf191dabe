using Ibis.Data.Entities;
using Ibis.Domain.Compliance;
using Ibis.Domain.Money;
using Ibis.Domain.Organisations;

namespace Ibis.Server.Compliance;

/// <summary>A step's written statement: a defense, an appeal, or the Postal Service's reasons (with a decision's outcome and effective date).</summary>
public sealed record SanctionStepCommand(string? Statement, string? Reasons, string? Outcome, string? EffectiveAt, int? Days, int? DefenseDays);

public sealed record SanctionEventView(string Kind, string Text, string RecordedBy, DateTimeOffset At);

public sealed record SanctionView(
    string Id, string Object, string ProviderId, string Basis, string Section, string Action, string Stage, string Grounds, bool Willful,
    int? SuspensionDays, string? Amount, DateTimeOffset? CureDueAt, DateTimeOffset? NoticedAt, DateTimeOffset? DefenseDueAt, DateTimeOffset? DefendedAt,
    DateTimeOffset? DecidedAt, DateTimeOffset? AppealDueAt, DateTimeOffset? AppealedAt, DateTimeOffset? AppealDecidedAt, DateTimeOffset? EffectiveAt,
    DateTimeOffset? TookEffectAt, DateTimeOffset? EndsAt, DateTimeOffset? ClosedAt, string Mode, DateTimeOffset CreatedAt, IReadOnlyList<SanctionEventView> History)
{
    public static SanctionView From(SanctionRow s, IEnumerable<SanctionEventRow> events) => new(
        s.Id, "sanction", s.ProviderId, s.Basis, SanctionCodes.SectionOf(SanctionCodes.ParseBasis(s.Basis)!.Value), s.Action, s.Stage, s.Grounds, s.Willful,
        s.SuspensionDays, s.AmountMills is { } a ? Mills.FromMills(a).ToString() : null, s.CureDueAt, s.NoticedAt, s.DefenseDueAt, s.DefendedAt,
        s.DecidedAt, s.AppealDueAt, s.AppealedAt, s.AppealDecidedAt, s.EffectiveAt, s.TookEffectAt, s.EndsAt, s.ClosedAt, s.Sandbox ? "test" : "live", s.CreatedAt,
        events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new SanctionEventView(e.Kind, e.Text, e.RecordedBy, e.At)).ToList());
}
