using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Organisations;
using Ibis.Domain.Psd;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>A PKCS#10 request for a device certificate, as the provider carries it to the Postal Service's CA.</summary>
public sealed record CertificateRequestView(string Object, string Id, string DeviceId, string Status, string? CertificateSerial, DateTimeOffset CreatedAt, string Pem, bool Rollover)
{
    public static CertificateRequestView From(CertificateRequestRow r) => new(
        "certificate_request", r.Id, r.DeviceId, r.Status.ToText(), r.CertificateSerial?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.CreatedAt,
        PemEncoding.WriteString("CERTIFICATE REQUEST", r.Der) + "\n", r.Rollover);
}

/// <summary>
/// P050 3.1 on an installation whose device certificates come from an external Postal Service CA: the
/// device's signing key is generated inside the key store (never exported) and signs a PKCS#10 request
/// for itself, which the provider takes to the CA. Asking again returns the same pending request, so
/// a retried call never leaves two keys behind.
/// A rollover (§502.28, the Key Management Plan; issue 11 item 9) does the same for a device in
/// service: the new key waits on the request, unused, and the device keeps signing with its current
/// key until the CA's certificate for the new one is imported (<see cref="ImportDeviceCertificate"/>).
/// </summary>
internal sealed class RequestDeviceCertificate(IbisDb db, CommandPipeline pipeline, IKeyStore keys, TimeProvider clock)
{
    public async Task<CertificateRequestRow> Handle(Caller caller, string deviceId, CancellationToken ct, bool rollover = false)
    {
        // The key store is not transactional: a key made by a transaction that then rolls back (or is
        // retried) is destroyed again, so a refused or repeated request leaves no key behind.
        var made = new List<byte[]>();
        var committed = false;
        try
        {
            var request = await pipeline.Run(caller, AddDeviceToInventory.Access, ct =>
            {
                _used = null; // each attempt of the transaction starts afresh
                return rollover ? RollOver(caller, deviceId, made, ct) : First(caller, deviceId, made, ct);
            }, ct);
            committed = true;
            return request;
        }
        finally
        {
            foreach (var handle in made.Where(h => !committed || !ReferenceEquals(h, _used))) keys.Destroy(handle);
        }
    }

    // The key the last attempt put on the device row or the request row; every other key made is destroyed.
    private byte[]? _used;

    private async Task<CertificateRequestRow> First(Caller caller, string deviceId, List<byte[]> made, CancellationToken ct)
    {
        var device = await Lock(caller, deviceId, ct);
        Rules.Check(new DeviceMustBeInInventoryRule(device.Id, device.Status));
        Rules.Check(new DeviceMustBeInspectedRule(device.Id, device.InspectedAt));
        await RequireExternal(device, ct);
        if (await Pending(device, ct) is { } pending) return pending;

        var (request, key, now) = NewKeyAndRequest(device, made);
        device.KeyHandle = key.KeyHandle;
        DeviceHistory.Record(db, device, "certificate_requested", device.Status, caller.UserOrKeyId, $"PKCS#10 request {request.Id} for the external Postal Service CA", now);
        return request;
    }

    private async Task<CertificateRequestRow> RollOver(Caller caller, string deviceId, List<byte[]> made, CancellationToken ct)
    {
        var device = await Lock(caller, deviceId, ct);
        Rules.Check(new DeviceMustBeInServiceRule(device.Status, device.LockReason));
        await RequireExternal(device, ct);
        if (await Pending(device, ct) is { } pending) return pending;

        var (request, key, now) = NewKeyAndRequest(device, made);
        request.Rollover = true;
        request.KeyHandle = key.KeyHandle;
        DeviceHistory.Record(db, device, "key_rollover_requested", device.Status, caller.UserOrKeyId,
            $"PKCS#10 request {request.Id} for a new key; certificate {device.CertificateSerial} keeps signing until the new certificate is imported", now);
        return request;
    }

    private async Task<DeviceRow> Lock(Caller caller, string deviceId, CancellationToken ct)
    {
        var visible = await DeviceAccess.LoadVisible(db, caller, deviceId, ct);
        var device = await RegisterLock.Row(db, visible.Id, ct);
        var provider = await db.Providers.AsNoTracking().FirstAsync(p => p.Id == device.ProviderId, ct);
        Rules.Check(new ProviderMustBeAuthorizedRule(provider.Id, provider.Status));
        return device;
    }

    private async Task RequireExternal(DeviceRow device, CancellationToken ct)
    {
        var authority = await IssuingAuthority.Of(db, device.Sandbox, ct);
        if (!authority.External)
            throw new BusinessRuleViolationException(new BrokenRule("certificate_authority_internal",
                "this installation's own Postal Service CA certifies the device's keys (at commissioning, and by POST /v1/devices/{id}/key-rollover); no request is needed", null, RuleKind.Conflict));
    }

    /// <summary>A request still waiting for its certificate: asking again returns it, no second key is made.</summary>
    private Task<CertificateRequestRow?> Pending(DeviceRow device, CancellationToken ct) =>
        db.CertificateRequests.FirstOrDefaultAsync(r => r.DeviceId == device.Id && r.Status == CertificateRequestStatus.Pending, ct);

    /// <summary>A new key in the key store and its signed PKCS#10 request, added to the transaction.</summary>
    private (CertificateRequestRow Request, GeneratedKey Key, DateTimeOffset Now) NewKeyAndRequest(DeviceRow device, List<byte[]> made)
    {
        var now = clock.GetUtcNow();
        var key = keys.GenerateSigningKey(device.Id);
        made.Add(key.KeyHandle);
        _used = key.KeyHandle;
        var request = NewRequest(device, key, now);
        db.CertificateRequests.Add(request);
        return (request, key, now);
    }

    private CertificateRequestRow NewRequest(DeviceRow device, GeneratedKey key, DateTimeOffset now)
    {
        var number = new DeviceNumber((ushort)device.Vendor, (ushort)device.Model, (uint)device.Serial);
        return new CertificateRequestRow
        {
            Id = Ids.New("csr"),
            DeviceId = device.Id,
            Der = ExternalCertification.CreateSigningRequest(keys, key.KeyHandle, key.SubjectPublicKeyInfo, number.ToString()),
            Status = CertificateRequestStatus.Pending,
            CreatedAt = now,
        };
    }
}
