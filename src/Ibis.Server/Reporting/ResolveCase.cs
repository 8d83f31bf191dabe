using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Reporting;
using Ibis.Server.Auth;
using Ibis.Server.Psd;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Reporting;

/// <param name="Finding">One of cleared, device_fault, abuse_confirmed, system_weakness.</param>
/// <param name="Note">What was found and done.</param>
public sealed record ResolveCaseCommand(string? Finding, string? Note);

/// <summary>
/// §502.14: a case is resolved with a recorded finding and note — by the provider (its own cases) or the Postal
/// Service (every provider's), on its own: a locked device stays locked until it returns to service after a clean
/// audit (<see cref="Psd.ReturnDeviceToService"/>). Inspectors investigate but do not resolve: the
/// <see cref="SecurityCase"/> aggregate refuses their resolution with its rule.
/// </summary>
public sealed class ResolveCase(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = CaseRecords.Workers;

    public Task<CaseView> Handle(Caller caller, string caseId, ResolveCaseCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await CaseRecords.Find(db, caller, caseId, ct);
        var found = SecurityCase.Load(row.Id, row.InvestigationStartedAt, row.ResolvedAt);
        var now = clock.GetUtcNow();
        found.Resolve(command.Finding?.Trim(), command.Note, caller.Role, caller.UserOrKeyId, now);
        // Two resolutions racing: only the one that finds the case still unresolved in the database wins.
        var claimed = await db.Cases.Where(c => c.Id == row.Id && c.ResolvedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ResolvedAt, found.ResolvedAt), ct);
        if (claimed == 0) Rules.Check(new CaseMustNotBeResolvedRule(row.Id, now));
        CaseRecords.Apply(row, found);
        await CaseRecords.Note(db, row, "case_resolved", caller.UserOrKeyId, now, $"case {row.Id} resolved: {found.Finding!.Replace('_', ' ')}", ct, found.Note);
        return CaseView.From(row);
    }, ct);
}
