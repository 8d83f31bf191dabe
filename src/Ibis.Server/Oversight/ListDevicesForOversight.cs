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
        var devices = db.Devices.AsNoTracking().Where(d => d.Sandbox == caller.TestMode);
        if (query.ProviderId is { } provider) devices = devices.Where(d => d.ProviderId == provider);
        return await Lists.Page(devices, query.Page, Lists.NewestFirst<Ibis.Data.Entities.DeviceRow>(d => d.CreatedAt, d => d.Id), OversightDeviceView.From, ct);
    }, ct);
}
