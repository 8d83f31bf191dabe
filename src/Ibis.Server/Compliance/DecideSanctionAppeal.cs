using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// §502.15(e), §502.21(f): the Postal Service decides the appeal with its reasons — deny (the sanction takes effect
/// again) or grant (it is set aside).
/// </summary>
internal sealed class DecideSanctionAppeal(CommandPipeline pipeline, SanctionRecords records)
{
    public static readonly Access Access = SanctionRecords.PostalAccess;

    public Task<SanctionView> Handle(Caller caller, string sanctionId, SanctionStepCommand command, CancellationToken ct) => pipeline.Run(caller, Access, ct =>
        records.Advance(caller, sanctionId, (s, now) => s.DecideAppeal(SanctionRecords.Outcome(command.Outcome, "deny", "grant"), command.Reasons, now), ct), ct);
}
