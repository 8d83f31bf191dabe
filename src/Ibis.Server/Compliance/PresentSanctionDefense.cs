using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// §502.5(d), §502.15(c), §502.21(d): the provider presents its written defense with all supporting evidence within the
/// defense period; the action waits for the Postal Service's decision.
/// </summary>
internal sealed class PresentSanctionDefense(CommandPipeline pipeline, SanctionRecords records)
{
    public static readonly Access Access = SanctionRecords.ProviderAccess;

    public Task<SanctionView> Handle(Caller caller, string sanctionId, SanctionStepCommand command, CancellationToken ct) => pipeline.Run(caller, Access, ct =>
        records.Advance(caller, sanctionId, (s, now) => s.Defend(command.Statement, now), ct), ct);
}
