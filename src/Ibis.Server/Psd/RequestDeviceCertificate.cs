using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Organisations;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>A PKCS#10 request for a device certificate, as the provider carries it to the Postal Service's CA.</summary>
public sealed record CertificateRequestView(string Object, string Id, string DeviceId, string Status, string? CertificateSerial, DateTimeOffset CreatedAt, string Pem)
{
    public static CertificateRequestView From(CertificateRequestRow r) => new(
        "certificate_request", r.Id, r.DeviceId, r.Status, r.CertificateSerial?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.CreatedAt,
        PemEncoding.WriteString("CERTIFICATE REQUEST", r.Der) + "\n");
}

/// <summary>
/// P050 3.1 on an installation whose device certificates come from an external Postal Service CA: the
/// device's signing key is generated inside the key store (never exported) and signs a PKCS#10 request
/// for itself, which the provider takes to the CA. Asking again returns the same pending request, so
/// a retried call never leaves two keys behind.
/// </summary>
public sealed class RequestDeviceCertificate(IbisDb db, CommandPipeline pipeline, IKeyStore keys, TimeProvider clock)
{
    public Task<CertificateRequestRow> Handle(Caller caller, string deviceId, CancellationToken ct) => pipeline.Run(caller, AddDeviceToInventory.Access, async ct =>
    {
        var visible = await DeviceAccess.LoadVisible(db, caller, deviceId, ct);
        var device = await RegisterLock.Row(db, visible.Id, ct);
        var provider = await db.Providers.AsNoTracking().FirstAsync(p => p.Id == device.ProviderId, ct);
        Rules.Check(new ProviderMustBeAuthorizedRule(provider.Id, provider.Status));
        Rules.Check(new DeviceMustBeInInventoryRule(device.Id, device.Status));
        Rules.Check(new DeviceMustBeInspectedRule(device.Id, device.InspectedAt));
        var authority = await IssuingAuthority.Of(db, device.Sandbox, ct);
        if (!authority.External)
            throw new BusinessRuleViolationException(new BrokenRule("certificate_authority_internal",
                "this installation's own Postal Service CA certifies the device when it is commissioned; no request is needed", null, RuleKind.Conflict));

        var pending = await db.CertificateRequests.FirstOrDefaultAsync(r => r.DeviceId == device.Id && r.Status == "pending", ct);
        if (pending is not null) return pending;

        var now = clock.GetUtcNow();
        var key = keys.GenerateSigningKey(device.Id);
        var number = new DeviceNumber((ushort)device.Vendor, (ushort)device.Model, (uint)device.Serial);
        var request = new CertificateRequestRow
        {
            Id = Ids.New("csr"),
            DeviceId = device.Id,
            Der = ExternalCertification.CreateSigningRequest(keys, key.KeyHandle, key.SubjectPublicKeyInfo, number.ToString()),
            Status = "pending",
            CreatedAt = now,
        };
        db.CertificateRequests.Add(request);
        device.KeyHandle = key.KeyHandle;
        DeviceHistory.Record(db, device, "certificate_requested", device.Status, caller.UserOrKeyId, $"PKCS#10 request {request.Id} for the external Postal Service CA", now);
        return request;
    }, ct);

    /// <summary>The device's newest request, for the provider to fetch again.</summary>
    public async Task<CertificateRequestRow> Latest(Caller caller, string deviceId, CancellationToken ct)
    {
        Rules.Check(new CallerRoleMustBeAllowedRule(caller.Role, AddDeviceToInventory.Access.Roles));
        var device = await DeviceAccess.LoadVisible(db, caller, deviceId, ct);
        return await db.CertificateRequests.AsNoTracking().Where(r => r.DeviceId == device.Id).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct)
            ?? throw new BusinessRuleViolationException(new BrokenRule("certificate_request_missing", $"device {device.Id} has no certificate request", null, RuleKind.NotFound));
    }
}
