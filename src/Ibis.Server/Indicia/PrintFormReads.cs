using Ibis.Data;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>A device the licensee can print with now, and the postage available on it (its descending register).</summary>
public sealed record PrintingDevice(string Id, string DeviceNumber, Mills Available);

/// <summary>An approved design or advertisement the licensee may choose for a piece.</summary>
public sealed record ArtworkChoice(string Id, string Name);

/// <summary>
/// The reads of the print and batch pages: the licensee's devices in service (in its mode: sandbox or
/// live), the designs and ads its provider's approvals allow (as <see cref="PrintIndicium"/> checks them),
/// and a piece it printed, to show after the redirect. Another licensee's piece is not found.
/// </summary>
public sealed class PrintFormReads(IbisDb db)
{
    public async Task<IReadOnlyList<PrintingDevice>> DevicesInService(Caller caller, CancellationToken ct) =>
        (await db.Devices.AsNoTracking()
            .Where(d => d.LicenseeId == caller.LicenseeId && d.Sandbox == caller.IsSandbox && d.Status == Domain.Psd.DeviceStatus.InService)
            .OrderBy(d => d.Id).ToListAsync(ct))
        .Select(d => new PrintingDevice(d.Id, DeviceView.From(d).DeviceNumber, Mills.FromMills(d.DescendingMills))).ToList();

    /// <summary>Approved designs (Ibis's own and the provider's) and the provider's approved ads for this licensee, by name.</summary>
    public async Task<(IReadOnlyList<ArtworkChoice> Designs, IReadOnlyList<ArtworkChoice> Ads)> Artwork(Caller caller, CancellationToken ct)
    {
        var providerId = await db.Licensees.Where(l => l.Id == caller.LicenseeId).Select(l => l.ProviderId).FirstOrDefaultAsync(ct);
        var designs = await db.IndiciumDesigns.AsNoTracking()
            .Where(d => d.Status == ApprovalStatus.Approved && (d.ProviderId == null || d.ProviderId == providerId))
            .OrderBy(d => d.Name).Select(d => new ArtworkChoice(d.Id, d.Name)).ToListAsync(ct);
        var ads = await db.Advertisements.AsNoTracking()
            .Where(a => a.Status == ApprovalStatus.Approved && a.ProviderId == providerId && (a.LicenseeId == null || a.LicenseeId == caller.LicenseeId))
            .OrderBy(a => a.Name).Select(a => new ArtworkChoice(a.Id, a.Name)).ToListAsync(ct);
        return (designs, ads);
    }

    /// <summary>An indicium printed on one of the caller's devices (in its mode), or null.</summary>
    public async Task<IndiciumView?> PrintedIndicium(Caller caller, string id, CancellationToken ct)
    {
        var row = await db.Indicia.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        return row is not null && await OwnDevice(caller, row.DeviceId, ct) ? IndiciumView.From(row) : null;
    }

    /// <summary>A REDATE imprint made on one of the caller's devices (in its mode), or null.</summary>
    public async Task<RedateView?> PrintedRedate(Caller caller, string id, CancellationToken ct)
    {
        var row = await db.Redates.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        return row is not null && await OwnDevice(caller, row.DeviceId, ct) ? RedateView.From(row) : null;
    }

    private Task<bool> OwnDevice(Caller caller, string deviceId, CancellationToken ct) =>
        db.Devices.AnyAsync(d => d.Id == deviceId && d.LicenseeId == caller.LicenseeId && d.Sandbox == caller.IsSandbox, ct);
}
