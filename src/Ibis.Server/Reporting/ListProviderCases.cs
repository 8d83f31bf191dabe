using Ibis.Data;
using Ibis.Domain;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Reporting;

/// <summary>A case as the provider's case list shows it: with its device's number and status and the licensee's name.</summary>
public sealed record CaseListEntry(CaseView Case, string DeviceNumber, string DeviceStatus, string LicenseeName);

/// <summary>The provider's open cases, and those resolved in the last 90 days (the portal's case page).</summary>
public sealed record ProviderCases(IReadOnlyList<CaseListEntry> Open, IReadOnlyList<CaseListEntry> Resolved);

/// <summary>
/// The provider's cases (§502.14): devices Ibis locked itself after a failed audit or a register integrity
/// failure, and weaknesses the provider opened — its own only, the newest first, at most one page of each.
/// </summary>
public sealed class ListProviderCases(IbisDb db, TimeProvider clock)
{
    private const int PageLength = 100;

    /// <summary>How far back resolved cases are still listed, with their findings.</summary>
    private static readonly TimeSpan ResolvedWindow = TimeSpan.FromDays(90);

    public async Task<ProviderCases> Run(Caller caller, CancellationToken ct)
    {
        var open = await db.Cases.AsNoTracking().Where(c => c.ProviderId == caller.ProviderId && c.ResolvedAt == null)
            .OrderByDescending(c => c.CreatedAt).Take(PageLength).ToListAsync(ct);
        var since = clock.GetUtcNow() - ResolvedWindow;
        // Compared in memory: SQLite cannot order or compare DateTimeOffset columns in SQL.
        var resolved = (await db.Cases.AsNoTracking().Where(c => c.ProviderId == caller.ProviderId && c.ResolvedAt != null).ToListAsync(ct))
            .Where(c => c.ResolvedAt >= since).OrderByDescending(c => c.ResolvedAt).Take(PageLength).ToList();
        var rows = open.Concat(resolved).ToList();
        var deviceIds = rows.Select(c => c.DeviceId).Distinct().ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var licenseeIds = devices.Values.Select(d => d.LicenseeId).Distinct().ToList();
        var licensees = await db.Licensees.AsNoTracking().Where(l => licenseeIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var all = rows.Select(c =>
        {
            var device = devices.GetValueOrDefault(c.DeviceId);
            return new CaseListEntry(CaseView.From(c),
                device is null ? c.DeviceId : DeviceView.From(device).DeviceNumber,
                device?.Status.ToText() ?? "",
                device?.LicenseeId is null ? "" : licensees.GetValueOrDefault(device.LicenseeId, ""));
        }).ToList();
        return new ProviderCases(all.Where(c => c.Case.ResolvedAt is null).ToList(), all.Where(c => c.Case.ResolvedAt is not null).ToList());
    }
}
