using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Devices;

/// <summary>Scoping and status checks shared by every device operation.</summary>
public static class DeviceAccess
{
    /// <summary>
    /// Loads a device the caller may use. Another licensee's device is reported exactly like an
    /// unknown one (404), so ids cannot be probed. Test keys reach only sandbox devices.
    /// </summary>
    public static async Task<(DeviceRow Device, LicenseRow License)> LoadOwned(IbisDb db, Caller caller, string deviceId, CancellationToken ct)
    {
        if (!Ids.HasShape(deviceId, "psd")) throw ApiException.NotFound("device", deviceId);
        // Device and license in one round trip (the print and reset hot paths start here).
        var found = await (from d in db.Devices.AsNoTracking()
                           where d.Id == deviceId
                           join l in db.Licenses.AsNoTracking() on d.LicenseId equals l.Id into licenses
                           from l in licenses.DefaultIfEmpty()
                           select new { Device = d, License = (LicenseRow?)l }).FirstOrDefaultAsync(ct);
        var device = found?.Device ?? throw ApiException.NotFound("device", deviceId);
        Admit(caller, device);
        return (device, found!.License ?? throw new InvalidOperationException($"device {device.Id} names license {device.LicenseId}, which does not exist"));
    }

    /// <summary>
    /// What <see cref="LoadOwned"/> checks of a device already read (the print checks its locked row):
    /// the caller's own device (anyone else's is not found), of the caller's mode, and not in inventory.
    /// </summary>
    public static void Admit(Caller caller, DeviceRow device)
    {
        if (!MayUse(caller, device)) throw ApiException.NotFound("device", device.Id);
        // Sandbox identities reach sandbox devices only, and live ones live devices only (DESIGN §3).
        Rules.Check(new Domain.Organisations.ModeMustMatchRule(caller.TestMode, device.Sandbox, $"device {device.Id}"));
        // A device still in the provider's inventory has no license: it neither prints nor is reset.
        if (device.LicenseId is null) Rules.Check(new Domain.Psd.DeviceMustBeInServiceRule(device.Status, device.LockReason));
    }

    /// <summary>Loads a device the caller may see, whatever its state (inventory included).</summary>
    public static async Task<DeviceRow> LoadVisible(IbisDb db, Caller caller, string deviceId, CancellationToken ct)
    {
        if (!Ids.HasShape(deviceId, "psd")) throw ApiException.NotFound("device", deviceId);
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, ct);
        if (device is null || !MayUse(caller, device)) throw ApiException.NotFound("device", deviceId);
        // Sandbox identities reach sandbox devices only, and live ones live devices only (DESIGN §3).
        Rules.Check(new Domain.Organisations.ModeMustMatchRule(caller.TestMode, device.Sandbox, $"device {device.Id}"));
        return device;
    }

    /// <summary>
    /// Loads a device for reading its life: its licensee and provider as <see cref="LoadVisible"/>, and the
    /// Postal Service and its inspectors every device of their mode (P050 2.6, §502.19). Anyone else: 404.
    /// </summary>
    public static async Task<DeviceRow> LoadForOversight(IbisDb db, Caller caller, string deviceId, CancellationToken ct)
    {
        if (caller.Role is not (Caller.PostalRole or Caller.InspectorRole)) return await LoadVisible(db, caller, deviceId, ct);
        if (!Ids.HasShape(deviceId, "psd")) throw ApiException.NotFound("device", deviceId);
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, ct);
        if (device is null || device.Sandbox != caller.TestMode) throw ApiException.NotFound("device", deviceId);
        return device;
    }

    public static bool MayUse(Caller caller, DeviceRow device) => caller.Role switch
    {
        Caller.LicenseeRole => caller.LicenseeId == device.LicenseeId,
        Caller.ProviderRole => caller.ProviderId == device.ProviderId,
        _ => false,
    };
}
