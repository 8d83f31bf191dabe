using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Money;
using Ibis.Domain.Organisations;
using Ibis.Domain.Psd;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Hosting;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

public sealed record CommissionDeviceCommand(string? LeaseId);

/// <summary>
/// P050 3.1: "Before the licensee is issued a PSD … the device must be initialized and authorized by
/// the Provider", under a lease with a financial agreement for resetting. In one transaction: the
/// device's signing key is generated inside the key store (never exported), the Postal Service's CA
/// certifies it, its register MAC key is made, its registers are sealed at zero with the licensee's
/// cap (P050 3.6), its watchdog starts, and the lease names it. Where an external Postal Service CA
/// certifies devices, the key and certificate come from the request and import that preceded this. The sandbox commissions its device
/// through this same use case.
/// </summary>
public sealed class CommissionDevice(IbisDb db, CommandPipeline pipeline, IKeyStore keys, RegisterSeal seal, IbisOptions options, TimeProvider clock)
{
    public static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(3 * 365);

    public Task<DeviceRow> Handle(Caller caller, string deviceId, CommissionDeviceCommand command, CancellationToken ct) => pipeline.Run(caller, AddDeviceToInventory.Access, async ct =>
    {
        var visible = await DeviceAccess.LoadVisible(db, caller, deviceId, ct);
        var device = await RegisterLock.Row(db, visible.Id, ct);
        var provider = await db.Providers.AsNoTracking().FirstAsync(p => p.Id == device.ProviderId, ct);
        Rules.Check(new ProviderMustBeAuthorizedRule(provider.Id, provider.Status));
        Rules.Check(new DeviceMustBeInInventoryRule(device.Id, device.Status));
        Rules.Check(new DeviceMustBeInspectedRule(device.Id, device.InspectedAt));
        var lease = command.LeaseId is null ? null : await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Id == command.LeaseId && l.ProviderId == caller.ProviderId, ct)
            ?? throw new BusinessRuleViolationException(new BrokenRule("lease_not_found", $"no lease '{command.LeaseId}' exists (or it is not yours)", "lease_id", RuleKind.NotFound));
        if (lease is null)
            throw new BusinessRuleViolationException(new BrokenRule("lease_required", "name the lease the device is commissioned under (lease_id); P050 3.1", "lease_id", RuleKind.BadInput));
        Rules.Check(new CommissioningRequiresActiveLeaseRule(lease.Id, lease.Status, lease.ProviderId, device.ProviderId));
        var licensee = await db.Licensees.AsNoTracking().FirstAsync(l => l.Id == lease.LicenseeId, ct);
        Rules.Check(new ModeMustMatchRule(device.Sandbox, licensee.Sandbox, "the lease's licensee"));
        var license = await db.Licenses.AsNoTracking().FirstAsync(l => l.Id == lease.LicenseId, ct);
        Rules.Check(new LicenseMustBeValidRule(license.Id, license.Status));

        var certifier = await IssuingAuthority.Of(db, device.Sandbox, ct);
        var now = clock.GetUtcNow();
        byte[] keyHandle;
        ulong serial;
        if (certifier.External)
        {
            // The key was generated and certified through a PKCS#10 request to the external CA.
            Rules.Check(new DeviceCertificateMustBeImportedRule(device.Id, device.CertificateSerial != 0 && device.KeyHandle.Length > 0));
            keyHandle = device.KeyHandle;
            serial = (ulong)device.CertificateSerial;
        }
        else
        {
            var ca = certifier.Authority!;
            var number = new DeviceNumber((ushort)device.Vendor, (ushort)device.Model, (uint)device.Serial);
            var key = keys.GenerateSigningKey(device.Id);
            serial = CertificateSerial.New();
            var certificate = CertificateAuthority.IssueDeviceCertificate(keys, ca.CertificateDer, ca.KeyHandle, key.SubjectPublicKeyInfo,
                number.ToString(), serial, now.AddMinutes(-5), now + CertificateValidity);
            db.Certificates.Add(new CertificateRow { Serial = (long)serial, DeviceId = device.Id, AuthorityId = ca.Id, Der = certificate, Sandbox = device.Sandbox, IssuedAt = now });
            keyHandle = key.KeyHandle;
        }

        device.LicenseeId = licensee.Id;
        device.LicenseId = license.Id;
        device.LeaseId = lease.Id;
        device.KeyHandle = keyHandle;
        device.MacKeyHandle = keys.GenerateMacKey(device.Id + "/registers");
        device.CertificateSerial = (long)serial;
        var psd = PsdRow.Load(device);
        psd.Commission(licensee.Id, lease.Id, Mills.FromMills(licensee.DrCapMills), caller.UserOrKeyId, now, options.WatchdogPeriodMonths);
        device.CommissionedAt = now;
        seal.Seal(psd, device, now);
        DeviceLife.Save(db, new LoadedDevice(device, psd, null));
        return device;
    }, ct);
}
