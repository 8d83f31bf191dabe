using System.Security.Cryptography.X509Certificates;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Psd;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

public sealed record KeyRolloverView(
    string Object,
    string DeviceId,
    string CertificateSerial,
    string PreviousCertificateSerial,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset CreatedAt);

/// <summary>
/// Key rollover (§502.28, the Key Management Plan): the provider gives a device a new signing key,
/// generated inside the key store and certified by the installation's Postal Service CA, before its
/// certificate ends or after a suspected compromise. The old certificate stays in the directory, not
/// revoked, so every piece signed under it keeps verifying; the old private key is destroyed, so
/// nothing more is signed with it. The device row changes only inside its device transaction.
/// When the installation's device certificates come from an external Postal Service CA, the rollover
/// is a PKCS#10 request for a new key (<see cref="RequestDeviceCertificate"/>, answered 202): the
/// device keeps signing with its current key until the CA's certificate is imported.
/// </summary>
internal sealed class RollOverDeviceKey(IbisDb db, PsdTransaction psd, IKeyStore keys, RequestDeviceCertificate external, IdempotencyStore answers)
{
    /// <summary>§502.28: the provider rolls its devices' keys over.</summary>
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    /// <summary>How long a device certificate is valid (as at commissioning), at most to the CA's own end.</summary>
    public static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(3 * 365);

    // Back-dates notBefore so verifiers with a slightly slow clock accept the fresh certificate.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <returns>The new certificate (<see cref="KeyRolloverView"/>, created) or the request to the outside CA (<see cref="CertificateRequestView"/>, accepted).</returns>
    public async Task<Reply<object>> Handle(Caller caller, string deviceId, IdempotentRequest request, CancellationToken ct)
    {
        Access.Authorize(caller);
        var (device, _) = await DeviceAccess.LoadOwned(db, caller, deviceId, ct);
        Rules.Check(new DeviceMustBeInServiceRule(device.Status, device.LockReason));
        if ((await IssuingAuthority.Of(db, device.Sandbox, ct)).External)
        {
            // Asking again returns the same pending request, so a retry needs no idempotency record.
            var pending = await external.Handle(caller, device.Id, ct, rollover: true);
            return answers.Unkept(Outcome.Accepted<object>(CertificateRequestView.From(pending), $"/v1/devices/{device.Id}/certificate-request"));
        }
        var ca = await IssuingAuthority.For(db, device.Sandbox, ct);

        using var caCert = X509CertificateLoader.LoadCertificate(ca.CertificateDer);
        var caStart = new DateTimeOffset(caCert.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var caEnd = new DateTimeOffset(caCert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var number = new DeviceNumber((ushort)device.Vendor, (ushort)device.Model, (uint)device.Serial).ToString();

        // The key is made and certified inside the device transaction, so an idempotent replay makes
        // none. The key store is not transactional: every key made (a retried transaction makes
        // another) that the committed state does not hold is destroyed again.
        var made = new List<byte[]>();
        byte[]? kept = null;
        byte[] superseded = [];
        var committed = false;
        try
        {
            var reply = await psd.Run(device.Id, request, ctx =>
            {
                var d = ctx.Device;
                Rules.Check(new DeviceMustBeInServiceRule(d.Status, d.LockReason));
                var notBefore = ctx.Now - ClockSkew;
                var notAfter = ctx.Now + CertificateLifetime < caEnd ? ctx.Now + CertificateLifetime : caEnd;
                if (notAfter <= ctx.Now || notBefore < caStart)
                    throw new ApiException(409, "certificate_authority_not_valid", "the Postal Service CA certificate is not valid now; no device certificate can be issued under it");
                var key = keys.GenerateSigningKey(d.Id);
                made.Add(key.KeyHandle);
                var serial = CertificateSerial.New();
                var der = CertificateAuthority.IssueDeviceCertificate(keys, ca.CertificateDer, ca.KeyHandle, key.SubjectPublicKeyInfo,
                    number, serial, notBefore, notAfter);

                var previous = d.CertificateSerial;
                superseded = d.KeyHandle;
                d.KeyHandle = key.KeyHandle;
                d.CertificateSerial = (long)serial;
                ctx.Db.Certificates.Add(new CertificateRow
                {
                    Serial = (long)serial, DeviceId = d.Id, AuthorityId = ca.Id, Der = der, Sandbox = d.Sandbox, IssuedAt = ctx.Now,
                });
                ctx.Db.DeviceEvents.Add(new DeviceEventRow
                {
                    DeviceId = d.Id, Id = Ids.New("dev"), Kind = "key_rollover", FromStatus = d.Status, ToStatus = d.Status,
                    Actor = caller.UserOrKeyId, Reason = $"certificate {previous} superseded by {serial}", CreatedAt = ctx.Now,
                });
                ctx.Changed = true;
                kept = key.KeyHandle;
                var view = new KeyRolloverView("key_rollover", d.Id, serial.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    previous.ToString(System.Globalization.CultureInfo.InvariantCulture), notBefore, notAfter, ctx.Now);
                return Task.FromResult(Outcome.Created(view, $"/v1/certificates/{view.CertificateSerial}"));
            }, ct);
            committed = kept is not null && !reply.Replayed;
            // The old certificate keeps verifying earlier pieces; its private key has nothing left to sign.
            if (committed && superseded.Length > 0) keys.Destroy(superseded);
            return reply.As<object>();
        }
        finally
        {
            foreach (var handle in made.Where(h => !committed || !ReferenceEquals(h, kept))) keys.Destroy(handle);
        }
    }
}
