using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>What of a device's records the Postal Service reads.</summary>
public enum DeviceRecords { Device, Resets, Audits, Indicia, History, Cases }

/// <summary>
/// P050 2.5b, 3.4; §502.25(b): the Postal Service examines one device — its registers, its resets, its
/// device audits (§502.23) or the indicia it printed — of any provider, read-only, each read logged with its
/// purpose; also its life-cycle history (§502.19) and its cases. A device of the other mode (sandbox or live) is not found, as for every caller.
/// </summary>
public sealed class ReadDeviceForOversight(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<object> Handle(Caller caller, string deviceId, DeviceRecords records, OversightQuery query, CancellationToken ct) => pipeline.Run<object>(caller, OversightReads.Access, async ct =>
    {
        var resource = records switch
        {
            DeviceRecords.Device => "device",
            DeviceRecords.Resets => "device_resets",
            DeviceRecords.Audits => "device_audits",
            DeviceRecords.History => "device_history",
            DeviceRecords.Cases => "device_cases",
            _ => "device_indicia",
        };
        OversightReads.Log(db, caller, resource, deviceId, query.Purpose, clock.GetUtcNow());
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId && d.Sandbox == caller.TestMode, ct)
                     ?? throw new BusinessRuleViolationException(new BrokenRule("not_found", $"no device '{deviceId}' exists", Kind: RuleKind.NotFound));
        // Resets and indicia page by their per-device sequence, audits by time, newest first; the cursor is the record's id.
        return records switch
        {
            DeviceRecords.Device => (object)OversightDeviceView.From(device),
            DeviceRecords.Resets => await Lists.Page(db.Resets.AsNoTracking().Where(r => r.DeviceId == deviceId), query.Page,
                new ListOrder<ResetRow, long>(r => r.Sequence, r => r.Id, Created: r => r.CreatedAt), OversightResetView.From, ct),
            DeviceRecords.Audits => await Lists.Page(db.Audits.AsNoTracking().Where(a => a.DeviceId == deviceId), query.Page,
                Lists.NewestFirst<AuditRow>(a => a.CreatedAt, a => a.Id), OversightAuditView.From, ct),
            DeviceRecords.History => await Lists.Page(db.DeviceEvents.AsNoTracking().Where(e => e.DeviceId == deviceId), query.Page,
                Lists.NewestFirst<DeviceEventRow>(e => e.CreatedAt, e => e.Id), Devices.DeviceEventView.From, ct),
            DeviceRecords.Cases => await Lists.Page(db.Cases.AsNoTracking().Where(c => c.DeviceId == deviceId), query.Page,
                Lists.NewestFirst<CaseRow>(c => c.CreatedAt, c => c.Id), OversightCaseView.From, ct),
            _ => await Lists.Page(db.Indicia.AsNoTracking().Where(i => i.DeviceId == deviceId), query.Page,
                new ListOrder<IndiciumRow, long>(i => i.PieceNumber, i => i.Id, Created: i => i.CreatedAt), OversightIndiciumView.From, ct),
        };
    }, ct);

}
