using Ibis.Data;
using Ibis.Domain.Reporting;
using Ibis.Server.Auth;
using Ibis.Server.Psd;
using Ibis.Server.UseCases;

namespace Ibis.Server.Reporting;

/// <summary>
/// §502.14(c): the provider, the Postal Service or an inspector takes a case up; its status becomes investigating,
/// and the step is written in the device's history (§502.19).
/// </summary>
public sealed class InvestigateCase(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = CaseRecords.Workers;

    public Task<CaseView> Handle(Caller caller, string caseId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await CaseRecords.Find(db, caller, caseId, ct);
        var found = SecurityCase.Load(row.Id, row.InvestigationStartedAt, row.ResolvedAt);
        var now = clock.GetUtcNow();
        found.StartInvestigation(caller.UserOrKeyId, now);
        row.InvestigationStartedAt = found.InvestigationStartedAt;
        row.InvestigatedBy = found.InvestigatedBy;
        await CaseRecords.Note(db, row, "case_investigation_started", caller.UserOrKeyId, now, $"case {row.Id} ({row.Kind.Replace('_', ' ')}) under investigation", ct);
        return CaseView.From(row);
    }, ct);
}
