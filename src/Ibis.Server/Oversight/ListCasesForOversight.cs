using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>§502.25(b): the providers' cases (failed audits, register integrity failures), for the Postal Service's assessments; read logged.</summary>
public sealed class ListCasesForOversight(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<ListView<OversightCaseView>> Handle(Caller caller, OversightQuery query, CancellationToken ct) => pipeline.Run(caller, OversightReads.Access, async ct =>
    {
        OversightReads.Log(db, caller, "cases", query.ProviderId, query.Purpose, clock.GetUtcNow());
        var modeDevices = db.Devices.Where(d => d.Sandbox == caller.TestMode).Select(d => d.Id);
        var cases = db.Cases.AsNoTracking().Where(c => modeDevices.Contains(c.DeviceId));
        if (query.ProviderId is { } provider) cases = cases.Where(c => c.ProviderId == provider);
        return await Lists.Page(cases, query.Page, Lists.NewestFirst<Ibis.Data.Entities.CaseRow>(c => c.CreatedAt, c => c.Id), OversightCaseView.From, ct);
    }, ct);
}
