using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>Which records of every device the Postal Service lists at once.</summary>
internal enum OversightRecords { Resets, Audits, Indicia }

/// <summary>
/// P050 2.5b, 3.4; §502.10 (the Inspection Service), §502.19, §502.23, §502.25(b): the resets, device audits or
/// indicia of every provider's devices (or of one provider's), newest first, read-only; the read logged with its
/// purpose like every oversight read. Only devices of the caller's mode (live or sandbox) are listed.
/// </summary>
internal sealed class ListRecordsForOversight(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<object> Handle(Caller caller, OversightRecords records, OversightQuery query, CancellationToken ct) => pipeline.Run<object>(caller, OversightReads.Access, async ct =>
    {
        var resource = records switch { OversightRecords.Resets => "resets", OversightRecords.Audits => "audits", _ => "indicia" };
        OversightReads.Log(db, caller, resource, query.ProviderId, query.Purpose, clock.GetUtcNow());
        var devices = db.Devices.Where(d => d.Sandbox == caller.TestMode);
        if (query.ProviderId is { } provider) devices = devices.Where(d => d.ProviderId == provider);
        var ids = devices.Select(d => d.Id);
        return records switch
        {
            OversightRecords.Resets => await Lists.Page(db.Resets.AsNoTracking().Where(r => ids.Contains(r.DeviceId)), query.Page,
                Lists.NewestFirst<ResetRow>(r => r.CreatedAt, r => r.Id), OversightResetView.From, ct),
            OversightRecords.Audits => await Lists.Page(db.Audits.AsNoTracking().Where(a => ids.Contains(a.DeviceId)), query.Page,
                Lists.NewestFirst<AuditRow>(a => a.CreatedAt, a => a.Id), OversightAuditView.From, ct),
            _ => await Lists.Page(db.Indicia.AsNoTracking().Where(i => ids.Contains(i.DeviceId)), query.Page,
                Lists.NewestFirst<IndiciumRow>(i => i.CreatedAt, i => i.Id), OversightIndiciumView.From, ct),
        };
    }, ct);
}
