using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Domain.Reporting;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Psd;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Reporting;

/// <param name="Finding">One of cleared, device_fault, abuse_confirmed, system_weakness.</param>
/// <param name="Note">What was found and done.</param>
public sealed record ResolveCaseCommand(string? Finding, string? Note);

/// <summary>
/// Cases (§502.14): reading one, taking it up for investigation, and resolving it with a recorded finding and
/// note — by the provider (its own cases) or the Postal Service (every provider's), on its own: a locked
/// device stays locked until it returns to service after a clean audit (<see cref="ReturnDeviceToService"/>).
/// Inspectors read and investigate; the <see cref="SecurityCase"/> aggregate refuses their resolution with
/// its rule. Each step is also written in the device's history (§502.19).
/// </summary>
public sealed class CaseWork(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>Who works on cases: the provider, the Postal Service and its inspectors (the aggregate decides who resolves).</summary>
    public static readonly Access Access = Access.For(Caller.ProviderRole, Caller.PostalRole, Caller.InspectorRole);

    public Task<CaseView> Get(Caller caller, string caseId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
        CaseView.From(await Find(db, caller, caseId, ct)), ct);

    public Task<CaseView> Investigate(Caller caller, string caseId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await Find(db, caller, caseId, ct);
        var found = SecurityCase.Load(row.Id, row.InvestigationStartedAt, row.ResolvedAt);
        var now = clock.GetUtcNow();
        found.StartInvestigation(caller.UserOrKeyId, now);
        row.InvestigationStartedAt = found.InvestigationStartedAt;
        row.InvestigatedBy = found.InvestigatedBy;
        await Note(row, "case_investigation_started", caller.UserOrKeyId, now, $"case {row.Id} ({row.Kind.Replace('_', ' ')}) under investigation", ct);
        return CaseView.From(row);
    }, ct);

    public Task<CaseView> Resolve(Caller caller, string caseId, ResolveCaseCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await Find(db, caller, caseId, ct);
        var found = SecurityCase.Load(row.Id, row.InvestigationStartedAt, row.ResolvedAt);
        var now = clock.GetUtcNow();
        found.Resolve(command.Finding?.Trim(), command.Note, caller.Role, caller.UserOrKeyId, now);
        // Two resolutions racing: only the one that finds the case still unresolved in the database wins.
        var claimed = await db.Cases.Where(c => c.Id == row.Id && c.ResolvedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ResolvedAt, found.ResolvedAt), ct);
        if (claimed == 0) Rules.Check(new CaseMustNotBeResolvedRule(row.Id, now));
        Apply(row, found);
        await Note(row, "case_resolved", caller.UserOrKeyId, now, $"case {row.Id} resolved: {found.Finding!.Replace('_', ' ')}", ct, found.Note);
        return CaseView.From(row);
    }, ct);

    /// <summary>Writes a resolution the aggregate made back on its row.</summary>
    public static void Apply(CaseRow row, SecurityCase found)
    {
        row.InvestigationStartedAt = found.InvestigationStartedAt;
        row.InvestigatedBy = found.InvestigatedBy;
        row.ResolvedAt = found.ResolvedAt;
        row.ResolvedBy = found.ResolvedBy;
        row.Finding = found.Finding;
        row.ResolutionNote = found.Note;
    }

    /// <summary>
    /// The case, tracked, if the caller may work on it: a provider its own, the Postal Service and inspectors
    /// every provider's of their mode (sandbox identities reach sandbox data only); anyone else: not found.
    /// </summary>
    public static async Task<CaseRow> Find(IbisDb db, Caller caller, string caseId, CancellationToken ct)
    {
        var oversight = caller.Role is Caller.PostalRole or Caller.InspectorRole;
        return await (from c in db.Cases
                      join d in db.Devices on c.DeviceId equals d.Id
                      where c.Id == caseId && d.Sandbox == caller.TestMode && (oversight || c.ProviderId == caller.ProviderId)
                      select c).FirstOrDefaultAsync(ct)
               ?? throw new BusinessRuleViolationException(new BrokenRule("case_not_found", $"no case '{caseId}'", Kind: RuleKind.NotFound));
    }

    private async Task Note(CaseRow row, string kind, string actor, DateTimeOffset at, string reason, CancellationToken ct, string? evidence = null)
    {
        var status = await db.Devices.AsNoTracking().Where(d => d.Id == row.DeviceId).Select(d => d.Status).FirstAsync(ct);
        DeviceHistory.Record(db, row.DeviceId, new DeviceTransition(kind, status, status, actor, at, reason, evidence));
    }
}
