using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <param name="DueAt">The sooner of the certificate's end and the clock/timer life's end.</param>
/// <param name="DueReason">certificate or clock: which of the two ends first.</param>
/// <param name="DescendingRegister">The postage the device holds: what moves to its replacement.</param>
public sealed record ReplacementDueView(string DeviceId, string DeviceNumber, string Status, string? LicenseeId, string CertificateSerial, DateTimeOffset CertificateNotAfter,
    DateTimeOffset ClockLifeEndsAt, DateTimeOffset DueAt, string DueReason, MoneyView DescendingRegister);

/// <summary>
/// §502.22(a): the provider keeps its systems in operating condition "by replacing them when necessary or
/// desirable to prevent … clock/timer/battery life expiration". Every device in service (or otherwise not
/// checked out) whose certificate or clock/timer life (<see cref="ReplacementDue"/>) ends within
/// <c>within_days</c> (default 90) is listed with both dates, soonest first; the provider replaces it through
/// the commissioning service (<c>POST /v1/devices/{id}/replacement</c>, <see cref="ReplaceDevice"/>) or, when
/// only the certificate is due, rolls its key over.
/// </summary>
public sealed class ListDevicesDueForReplacement(IbisDb db, CertificateValidityCache validities, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public async Task<ListView<ReplacementDueView>> Handle(Caller caller, int? withinDays, CancellationToken ct, PageQuery? page = null)
    {
        Access.Authorize(caller);
        var days = withinDays ?? ReplacementDue.HorizonDays;
        if (days is < 0 or > 3 * 366)
            throw new BusinessRuleViolationException(new BrokenRule("within_days_invalid", "within_days is 0 to 1098", "within_days", RuleKind.BadInput));
        var horizon = clock.GetUtcNow().AddDays(days);
        var devices = await db.Devices.AsNoTracking()
            .Where(d => d.ProviderId == caller.ProviderId && d.Sandbox == caller.TestMode && d.Status != DeviceStatus.Withdrawn && d.Status != DeviceStatus.Inventory)
            .Join(db.Certificates.AsNoTracking(), d => d.CertificateSerial, c => c.Serial, (d, c) => new { Device = d, c.Der })
            .ToListAsync(ct);
        var due = devices
            .Select(x => (x.Device, Due: Of(validities, x.Device, x.Der)))
            .Where(x => x.Due.IsDueBy(horizon))
            .OrderBy(x => x.Due.DueAt)
            .Select(x => new ReplacementDueView(x.Device.Id, new Domain.Devices.DeviceNumber((ushort)x.Device.Vendor, (ushort)x.Device.Model, (uint)x.Device.Serial).ToString(),
                x.Device.Status.ToText(), x.Device.LicenseeId, x.Device.CertificateSerial.ToString(System.Globalization.CultureInfo.InvariantCulture), x.Due.CertificateNotAfter,
                x.Due.ClockLifeEndsAt, x.Due.DueAt, x.Due.Reason, MoneyView.OfMills(x.Device.DescendingMills)))
            .ToList();
        // Computed from the certificates in memory (a provider's devices in service); paged by device id.
        return page is null ? ListView<ReplacementDueView>.Of(due) : Lists.Page(due, page, d => d.DeviceId);
    }

    /// <summary>When the device's certificate and its clock/timer life end (§502.22(a)).</summary>
    public static ReplacementDue Of(CertificateValidityCache validities, DeviceRow device, byte[] certificateDer) =>
        new(validities.Of(device.CertificateSerial, certificateDer).NotAfter, ReplacementDue.ClockLifeEnd(device.CommissionedAt ?? device.CreatedAt));

    /// <summary>The same for one device, reading its certificate.</summary>
    public static async Task<ReplacementDue> Of(IbisDb db, CertificateValidityCache validities, DeviceRow device, CancellationToken ct)
    {
        var der = await db.Certificates.AsNoTracking().Where(c => c.Serial == device.CertificateSerial).Select(c => c.Der).FirstOrDefaultAsync(ct);
        // A device with no certificate on record cannot sign: treat its certificate as ended.
        return der is null ? new ReplacementDue(DateTimeOffset.MinValue, ReplacementDue.ClockLifeEnd(device.CommissionedAt ?? device.CreatedAt)) : Of(validities, device, der);
    }
}
