using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Verification;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Verification;

/// <summary>
/// Opens a case for a device whose scans cross the <see cref="SuspectDeviceThreshold"/>: the case goes to the
/// device's provider (§502.14 reports) and to the Inspection Service's queue, whose inspectors may examine or
/// withdraw the device (P050 2.6, 2.9). Once per device per episode: while a suspect case of the device is open,
/// later copies add to the figures but open nothing; once it is resolved, a new episode counts only the scans
/// from the day after.
/// </summary>
internal sealed class SuspectDevices(IConfiguration configuration, TimeProvider clock)
{
    public const string CaseKind = SuspectDeviceThreshold.CaseKind;

    public SuspectDeviceThreshold Threshold => new(
        configuration.GetValue("Ibis:RevenueProtection:SuspectDuplicates", SuspectDeviceThreshold.DefaultDuplicates),
        configuration.GetValue("Ibis:RevenueProtection:SuspectForgeries", SuspectDeviceThreshold.DefaultForgeries),
        configuration.GetValue("Ibis:RevenueProtection:WindowDays", SuspectDeviceThreshold.DefaultWindowDays));

    /// <summary>Checks the devices this batch saw copied or forged (after its tallies were added, in its transaction); returns the cases opened.</summary>
    public async Task<IReadOnlyList<CaseRow>> Check(IbisDb db, bool sandbox, IReadOnlyDictionary<TallyKey, TallyCounts> batch, CancellationToken ct)
    {
        var candidates = batch.Where(t => t.Key.DeviceId.Length > 0 && (t.Value.Duplicates > 0 || t.Value.Forgeries > 0))
            .Select(t => t.Key.DeviceId).Distinct().Order(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0) return [];
        var threshold = Threshold;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Concurrent batches on PostgreSQL take turns per device, so two of them cannot both open its case.
        if (db.IsPostgres)
            foreach (var id in candidates)
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext({0}))", ["suspect:" + id], ct);

        var cases = await db.Cases.AsNoTracking().Where(c => candidates.Contains(c.DeviceId) && c.Kind == CaseKind)
            .Select(c => new { c.DeviceId, c.ResolvedAt }).ToListAsync(ct);
        var open = cases.Where(c => c.ResolvedAt is null).Select(c => c.DeviceId).ToHashSet();
        var closedOn = cases.Where(c => c.ResolvedAt is not null).GroupBy(c => c.DeviceId)
            .ToDictionary(g => g.Key, g => DateOnly.FromDateTime(g.Max(c => c.ResolvedAt!.Value).UtcDateTime));
        var watched = candidates.Where(id => !open.Contains(id)).ToList();
        if (watched.Count == 0) return [];

        // The scan day of a batch may be before today (a late upload); the window counts back from today.
        var earliest = threshold.CountFrom(today, null);
        var rows = await db.ScanTallies.AsNoTracking().Where(t => t.Sandbox == sandbox && watched.Contains(t.DeviceId) && t.Day >= earliest)
            .Select(t => new { t.DeviceId, t.Day, t.Duplicates, t.Forgeries, t.ProviderId }).ToListAsync(ct);
        var opened = new List<CaseRow>();
        foreach (var id in watched)
        {
            var from = threshold.CountFrom(today, closedOn.TryGetValue(id, out var c) ? c : null);
            var mine = rows.Where(r => r.DeviceId == id && r.Day >= from).ToList();
            var (duplicates, forgeries) = (mine.Sum(r => r.Duplicates), mine.Sum(r => r.Forgeries));
            if (!threshold.IsCrossedBy(duplicates, forgeries)) continue;
            var provider = mine.Select(r => r.ProviderId).FirstOrDefault(p => p.Length > 0)
                           ?? await db.Devices.Where(d => d.Id == id).Select(d => d.ProviderId).SingleAsync(ct);
            var row = new CaseRow
            {
                Id = Ids.New("case"), DeviceId = id, ProviderId = provider, Kind = CaseKind, CreatedAt = now,
                Detail = $"revenue protection (§502.25(b)): since {from:yyyy-MM-dd} the mail carried {duplicates} copied and {forgeries} forged indicia of this device " +
                         $"(threshold: {threshold.Duplicates} copies or {threshold.Forgeries} forgeries within {threshold.WindowDays} days); for the Inspection Service (P050 2.6, 2.9)",
            };
            db.Cases.Add(row);
            opened.Add(row);
        }
        return opened;
    }
}
