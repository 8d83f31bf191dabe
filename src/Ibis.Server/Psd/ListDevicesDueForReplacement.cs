using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

public sealed record ReplacementDueView(string DeviceId, string DeviceNumber, string Status, string? LicenseeId, string CertificateSerial, DateTimeOffset CertificateNotAfter);

/// <summary>
/// §502.22(a): the provider keeps its systems in operating condition "by replacing them when necessary or
/// desirable to prevent … clock/timer/battery life expiration". A logical device's life ends with its
/// certificate: every device in service whose certificate ends within <c>within_days</c> (default 90) is
/// listed with the date, soonest first; the provider replaces it through the commissioning service
/// (<c>POST …/replacement</c> after a check-out) or rolls its key over.
/// </summary>
public sealed class ListDevicesDueForReplacement(IbisDb db, CertificateValidityCache validities, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public async Task<ListView<ReplacementDueView>> Handle(Caller caller, int? withinDays, CancellationToken ct, PageQuery? page = null)
    {
        Access.Authorize(caller);
        var days = withinDays ?? 90;
        if (days is < 0 or > 3 * 366)
            throw new BusinessRuleViolationException(new BrokenRule("within_days_invalid", "within_days is 0 to 1098", "within_days", RuleKind.BadInput));
        var horizon = clock.GetUtcNow().AddDays(days);
        var devices = await db.Devices.AsNoTracking()
            .Where(d => d.ProviderId == caller.ProviderId && d.Sandbox == caller.TestMode && d.Status != DeviceStatus.Withdrawn && d.Status != DeviceStatus.Inventory)
            .Join(db.Certificates.AsNoTracking(), d => d.CertificateSerial, c => c.Serial, (d, c) => new { d.Id, d.Vendor, d.Model, DeviceSerial = d.Serial, d.Status, d.LicenseeId, CertSerial = c.Serial, c.Der })
            .ToListAsync(ct);
        var due = devices
            .Select(x => (x, NotAfter: validities.Of(x.CertSerial, x.Der).NotAfter))
            .Where(x => x.NotAfter <= horizon)
            .OrderBy(x => x.NotAfter)
            .Select(x => new ReplacementDueView(x.x.Id, new Domain.Devices.DeviceNumber((ushort)x.x.Vendor, (ushort)x.x.Model, (uint)x.x.DeviceSerial).ToString(), x.x.Status,
                x.x.LicenseeId, x.x.CertSerial.ToString(System.Globalization.CultureInfo.InvariantCulture), x.NotAfter))
            .ToList();
        // Computed from the certificates in memory (a provider's devices in service); paged by device id.
        return page is null ? ListView<ReplacementDueView>.Of(due) : Lists.Page(due, page, d => d.DeviceId);
    }
}
