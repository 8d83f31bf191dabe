using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Compliance;

/// <summary>
/// §502.5(c)(2), §502.13(b)(2): the deficiencies were not corrected in time; the Postal Service gives the written notice
/// of suspension with its effective date and the period for a written defense.
/// </summary>
internal sealed class IssueSuspensionNotice(CommandPipeline pipeline, SanctionRecords records)
{
    public static readonly Access Access = SanctionRecords.PostalAccess;

    public Task<SanctionView> Handle(Caller caller, string sanctionId, SanctionStepCommand command, CancellationToken ct) => pipeline.Run(caller, Access, ct =>
        records.Advance(caller, sanctionId, (s, now) => s.NoticeAfterCure(command.DefenseDays, now), ct), ct);
}
