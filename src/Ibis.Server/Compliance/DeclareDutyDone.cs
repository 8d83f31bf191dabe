using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Compliance;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>
/// The licensee declares done a duty Ibis cannot observe (AMS update, P050 2.5g; license information
/// check, 2.5e). The next one opens at the next sweep, a period after this declaration.
/// </summary>
public sealed class DeclareDutyDone(IbisDb db, CommandPipeline pipeline, IEnumerable<IDutySource> sources, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.LicenseeRole);

    public Task<DutyView> Handle(Caller caller, string dutyId, CancellationToken ct) => pipeline.Run(caller, Access, async t =>
    {
        var now = SweepDuties.Micros(clock.GetUtcNow());
        var row = await db.Duties.FirstOrDefaultAsync(d => d.Id == dutyId, t);
        Rules.Check(new DutyMustBelongToCallerRule(row is not null && row.LicenseeId == caller.LicenseeId && row.Owner == "licensee"));
        var rule = DutyRegistry.RuleOf(sources, row!.Rule);
        Rules.Check(new DutyMustBeDeclarableRule(row.Rule, rule?.CompletedByDeclaration ?? false));
        Rules.Check(new DutyMustBeOpenRule(DutyView.StatusOf(row, now)));
        row.State = DutyState.Done;
        row.CompletedAt = now;
        row.Outcome = DutyCodes.Of(DutyOutcome.Done);
        return DutyView.From(row, rule, now);
    }, ct);
}
