using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>P050 3.4, §502.19: the Postal Service lists the devices of every provider (or of one), read-only, the read logged.</summary>
public sealed class ListDevicesForOversight(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<ListView<OversightDeviceView>> Handle(Caller caller, OversightQuery query, CancellationToken ct) => pipeline.Run(caller, OversightReads.Access, async ct =>
    {
        OversightReads.Log(db, caller, "devices", query.ProviderId, query.Purpose, clock.GetUtcNow());
        var limit = OversightReads.LimitOf(query);
        var devices = db.Devices.AsNoTracking().Where(d => d.Sandbox == caller.TestMode);
        if (query.ProviderId is { } provider) devices = devices.Where(d => d.ProviderId == provider);
        if (query.StartingAfter is { } after) devices = devices.Where(d => string.Compare(d.Id, after) > 0);
        var page = await devices.OrderBy(d => d.Id).Take(limit + 1).ToListAsync(ct);
        return ListView<OversightDeviceView>.Of(page.Take(limit).Select(OversightDeviceView.From).ToList(), page.Count > limit);
    }, ct);
}
