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
        var limit = OversightReads.LimitOf(query);
        var modeDevices = db.Devices.Where(d => d.Sandbox == caller.TestMode).Select(d => d.Id);
        var cases = db.Cases.AsNoTracking().Where(c => modeDevices.Contains(c.DeviceId));
        if (query.ProviderId is { } provider) cases = cases.Where(c => c.ProviderId == provider);
        if (query.StartingAfter is { } after) cases = cases.Where(c => string.Compare(c.Id, after) > 0);
        var page = await cases.OrderBy(c => c.Id).Take(limit + 1).ToListAsync(ct);
        return ListView<OversightCaseView>.Of(page.Take(limit).Select(OversightCaseView.From).ToList(), page.Count > limit);
    }, ct);
}
