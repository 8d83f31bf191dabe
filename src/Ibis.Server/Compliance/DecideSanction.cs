using System.Globalization;
using Ibis.Domain;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// §502.5(e), §502.15(d), §502.21(e): after the written defense the Postal Service decides — impose (on the date the
/// decision names, or at once) or withdraw — and states its reasons; the provider may appeal within 30 days.
/// </summary>
internal sealed class DecideSanction(CommandPipeline pipeline, SanctionRecords records)
{
    public static readonly Access Access = SanctionRecords.PostalAccess;

    public Task<SanctionView> Handle(Caller caller, string sanctionId, SanctionStepCommand command, CancellationToken ct) => pipeline.Run(caller, Access, ct =>
        records.Advance(caller, sanctionId, (s, now) =>
        {
            var impose = SanctionRecords.Outcome(command.Outcome, "impose", "withdraw");
            DateTimeOffset? effective = null;
            if (command.EffectiveAt is { } text)
                effective = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? at : throw new BusinessRuleViolationException(new BrokenRule("effective_at_invalid", $"'{text}' is not an instant (ISO 8601)", "effective_at", RuleKind.BadInput));
            return s.Decide(impose, command.Reasons, effective, now);
        }, ct), ct);
}
