using Ibis.Data;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.Devices;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>Everything the device page shows about one PSD, as its licensee or provider may see it.</summary>
public sealed record DeviceDetails(
    DeviceView Device,
    Mills Cap,
    Mills Descending,
    string LicenseeName,
    Mills DepositBalance,
    IReadOnlyList<AuditView> Audits,
    IReadOnlyList<ResetView> Resets,
    ActivityReportView? ActivityReport,
    IReadOnlyList<DeviceEventView> History,
    IncidentView? Incident,
    IReadOnlyList<DeviceShipmentView> Shipments,
    string? SuspectReceiptId,
    ReplacementDue? Due);

/// <summary>
/// The reads of the device page: one PSD, scoped by <see cref="DeviceAccess.LoadOwned"/> as the API is
/// (another licensee's device, or one of the other mode, is not found: 404), with its newest audits,
/// resets, life events and shipments, its open incident and its activity report (Form 3601-C).
/// </summary>
public sealed class ShowDevice(IbisDb db, CertificateValidityCache validities)
{
    private const int HistoryLength = 50;

    public async Task<DeviceDetails> Run(Caller caller, string id, CancellationToken ct)
    {
        var (row, _) = await DeviceAccess.LoadOwned(db, caller, id, ct);
        var licenseeName = await db.Licensees.AsNoTracking().Where(l => l.Id == row.LicenseeId).Select(l => l.Name).FirstOrDefaultAsync(ct) ?? "";
        // The account resets are paid from: the licensee's first deposit account, as ResetDevice picks it.
        var balance = Mills.FromMills(await db.DepositAccounts.AsNoTracking().Where(a => a.LicenseeId == row.LicenseeId)
            .OrderBy(a => a.Id).Select(a => a.BalanceMills).FirstOrDefaultAsync(ct));
        var audits = (await db.Audits.AsNoTracking().Where(a => a.DeviceId == id)
            .OrderByDescending(a => a.CreatedAt).Take(HistoryLength).ToListAsync(ct)).Select(AuditView.From).ToList();
        var resets = (await db.Resets.AsNoTracking().Where(r => r.DeviceId == id)
            .OrderByDescending(r => r.Sequence).Take(HistoryLength).ToListAsync(ct)).Select(ResetView.From).ToList();
        var report = await db.ActivityReports.AsNoTracking().Where(a => a.DeviceId == id).OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct);
        var history = (await db.DeviceEvents.AsNoTracking().Where(e => e.DeviceId == id).OrderByDescending(e => e.CreatedAt).Take(HistoryLength).ToListAsync(ct))
            .Select(DeviceEventView.From).ToList();
        var incident = await db.Incidents.AsNoTracking().Where(i => i.DeviceId == id && i.ClosedAt == null).OrderByDescending(i => i.ReportedAt).FirstOrDefaultAsync(ct);
        var incidentView = incident is null ? null
            : IncidentView.From(incident, await db.IncidentSteps.AsNoTracking().Where(s => s.IncidentId == incident.Id).ToListAsync(ct), row.Status);
        var shipments = (await db.DeviceShipments.AsNoTracking().Where(x => x.DeviceId == id).OrderByDescending(x => x.ShippedAt).Take(HistoryLength).ToListAsync(ct))
            .Select(DeviceShipmentView.From).ToList();
        var suspectReceipt = await db.Incidents.AsNoTracking().Where(i => i.DeviceId == id && i.Kind == IncidentKind.Suspect)
            .OrderByDescending(i => i.ReportedAt).Select(i => i.Id).FirstOrDefaultAsync(ct);
        // Only the provider replaces devices (§502.22(a)), so only it is told when one is due.
        var due = caller.Role == Caller.ProviderRole && row.Status == DeviceStatus.InService
            ? await ListDevicesDueForReplacement.Of(db, validities, row, ct) : null;
        return new DeviceDetails(DeviceView.From(row), Mills.FromMills(row.CapMills), Mills.FromMills(row.DescendingMills), licenseeName, balance,
            audits, resets, report is null ? null : ActivityReportView.From(report), history, incidentView, shipments, suspectReceipt, due);
    }

    /// <summary>A reset of a device the caller may see (its signed record, P050 3.5c), or null; the device not found is a 404.</summary>
    public async Task<ResetView?> Reset(Caller caller, string id, string? resetId, CancellationToken ct)
    {
        await DeviceAccess.LoadOwned(db, caller, id, ct);
        var row = await db.Resets.AsNoTracking().FirstOrDefaultAsync(r => r.DeviceId == id && r.Id == resetId, ct);
        return row is null ? null : ResetView.From(row);
    }
}
