using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.Psd;
using Ibis.Server.UseCases;

namespace Ibis.Server.Reporting;

/// <summary>§502.14: one case with its status, finding and note — the provider its own, the Postal Service and inspectors every provider's.</summary>
internal sealed class ShowCase(IbisDb db, CommandPipeline pipeline)
{
    public static readonly Access Access = CaseRecords.Workers;

    public Task<CaseView> Handle(Caller caller, string caseId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
        CaseView.From(await CaseRecords.Find(db, caller, caseId, ct)), ct);
}
