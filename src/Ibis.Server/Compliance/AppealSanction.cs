using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// §502.15(e), §502.21(f): the provider appeals the decision in writing within 30 days; the appeal stays the sanction
/// until it is decided.
/// </summary>
internal sealed class AppealSanction(CommandPipeline pipeline, SanctionRecords records)
{
    public static readonly Access Access = SanctionRecords.ProviderAccess;

    public Task<SanctionView> Handle(Caller caller, string sanctionId, SanctionStepCommand command, CancellationToken ct) => pipeline.Run(caller, Access, ct =>
        records.Advance(caller, sanctionId, (s, now) => s.Appeal(command.Statement, now), ct), ct);
}
