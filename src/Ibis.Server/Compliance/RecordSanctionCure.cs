using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// §502.5(c)(1), §502.13(b)(1): the Postal Service records that the provider corrected the cited deficiencies within the
/// time allowed; the proposed suspension is withdrawn.
/// </summary>
internal sealed class RecordSanctionCure(CommandPipeline pipeline, SanctionRecords records)
{
    public static readonly Access Access = SanctionRecords.PostalAccess;

    public Task<SanctionView> Handle(Caller caller, string sanctionId, SanctionStepCommand command, CancellationToken ct) => pipeline.Run(caller, Access, ct =>
        records.Advance(caller, sanctionId, (s, now) => s.Cure(now), ct), ct);
}
