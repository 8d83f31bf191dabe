using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>What of a device's records the Postal Service reads.</summary>
public enum DeviceRecords { Device, Resets, Audits, Indicia }

/// <summary>
/// P050 2.5b, 3.4; §502.25(b): the Postal Service examines one device — its registers, its resets, its
/// device audits (§502.23) or the indicia it printed — of any provider, read-only, each read logged with its
/// purpose. A device of the other mode (sandbox or live) is not found, as for every caller.
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
            _ => "device_indicia",
        };
        OversightReads.Log(db, caller, resource, deviceId, query.Purpose, clock.GetUtcNow());
        var limit = OversightReads.LimitOf(query);
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId && d.Sandbox == caller.TestMode, ct)
                     ?? throw new BusinessRuleViolationException(new BrokenRule("not_found", $"no device '{deviceId}' exists", Kind: RuleKind.NotFound));
        return records switch
        {
            DeviceRecords.Device => (object)OversightDeviceView.From(device),
            DeviceRecords.Resets => Page(await Newest(db.Resets.AsNoTracking().Where(r => r.DeviceId == deviceId), r => r.Sequence, limit, query.StartingAfter, ct), OversightResetView.From, limit),
            DeviceRecords.Audits => Page(await db.Audits.AsNoTracking().Where(a => a.DeviceId == deviceId && (query.StartingAfter == null || string.Compare(a.Id, query.StartingAfter) > 0))
                .OrderBy(a => a.Id).Take(limit + 1).ToListAsync(ct), OversightAuditView.From, limit),
            _ => Page(await Newest(db.Indicia.AsNoTracking().Where(i => i.DeviceId == deviceId), i => i.PieceNumber, limit, query.StartingAfter, ct), OversightIndiciumView.From, limit),
        };
    }, ct);

    // Resets and indicia page by their per-device sequence, newest first; starting_after is a sequence number.
    private static async Task<List<T>> Newest<T>(IQueryable<T> rows, System.Linq.Expressions.Expression<Func<T, long>> sequence, int limit, string? startingAfter, CancellationToken ct)
    {
        if (startingAfter is not null)
        {
            if (!long.TryParse(startingAfter, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var before))
                throw new BusinessRuleViolationException(new BrokenRule("starting_after_invalid", "starting_after is the sequence (or piece) number of the last record of the previous page", "starting_after", RuleKind.BadInput));
            var parameter = sequence.Parameters[0];
            var below = System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(System.Linq.Expressions.Expression.LessThan(sequence.Body, System.Linq.Expressions.Expression.Constant(before)), parameter);
            rows = rows.Where(below);
        }
        return await rows.OrderByDescending(sequence).Take(limit + 1).ToListAsync(ct);
    }

    private static ListView<TView> Page<TRow, TView>(List<TRow> rows, Func<TRow, TView> view, int limit) =>
        ListView<TView>.Of(rows.Take(limit).Select(view).ToList(), rows.Count > limit);
}
