using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// §502.5(c)(4)(i): the Postal Service extends a suspension in effect by up to 90 days, with its reasons.
/// </summary>
internal sealed class ExtendSuspension(CommandPipeline pipeline, SanctionRecords records)
{
    public static readonly Access Access = SanctionRecords.PostalAccess;

    public Task<SanctionView> Handle(Caller caller, string sanctionId, SanctionStepCommand command, CancellationToken ct) => pipeline.Run(caller, Access, ct =>
        records.Advance(caller, sanctionId, (s, now) => s.Extend(command.Days, command.Reasons, now), ct), ct);
}
