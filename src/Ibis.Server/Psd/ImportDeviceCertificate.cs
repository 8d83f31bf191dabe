using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Organisations;
using Ibis.Domain.Psd;
using Ibis.Security.Keys;
using Ibis.Security.Certificates;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>The certificate the external CA returned, PEM (or base64 DER in a PEM block).</summary>
public sealed record ImportDeviceCertificateCommand(string? Certificate);

/// <summary>
/// The certificate the external Postal Service CA signed comes back for the device's pending request.
/// It is accepted only for the key the request named, from the installation's trusted CA, current,
/// end-entity and with a serial the indicium can carry; then commissioning may proceed (P050 3.1).
/// A rollover's certificate (the request names the new key) switches a device in service to the new
/// key in the same transaction, under the device row lock, so no piece is signed half-way: pieces
/// before carry the old certificate's serial, pieces after the new one's. The old certificate stays
/// on file, unrevoked, to verify the earlier pieces; the old private key is destroyed after the commit.
/// </summary>
internal sealed class ImportDeviceCertificate(IbisDb db, CommandPipeline pipeline, IKeyStore keys, TimeProvider clock)
{
    public async Task<CertificateRequestRow> Handle(Caller caller, string deviceId, ImportDeviceCertificateCommand command, CancellationToken ct)
    {
        var imported = await pipeline.Run(caller, AddDeviceToInventory.Access, ct => Import(caller, deviceId, command, ct), ct);
        // §502.28: the superseded key signs nothing more; its destruction was queued in the transaction.
        if (imported.Rollover) await PendingKeyDestructions.Finish(db, keys, clock.GetUtcNow(), ct, imported.DeviceId);
        return imported;
    }

    private async Task<CertificateRequestRow> Import(Caller caller, string deviceId, ImportDeviceCertificateCommand command, CancellationToken ct)
    {
        var visible = await DeviceAccess.LoadVisible(db, caller, deviceId, ct);
        var device = await RegisterLock.Row(db, visible.Id, ct);
        var request = await db.CertificateRequests.FirstOrDefaultAsync(r => r.DeviceId == device.Id && r.Status == CertificateRequestStatus.Pending, ct);
        if (request is null)
            throw new BusinessRuleViolationException(new BrokenRule("certificate_request_missing",
                $"device {device.Id} has no pending certificate request (POST /v1/devices/{device.Id}/certificate-request)", null, RuleKind.Conflict));
        if (request.Rollover) Rules.Check(new DeviceMustBeInServiceRule(device.Status, device.LockReason));
        else Rules.Check(new DeviceMustBeInInventoryRule(device.Id, device.Status));
        var authority = await IssuingAuthority.Of(db, device.Sandbox, ct);
        Rules.Check(new ExternalAuthorityMustBeKnownRule(authority.Authority is not null));

        var der = ExternalCertification.ReadCertificate(command.Certificate ?? "");
        var now = clock.GetUtcNow();
        var check = der is null
            ? new ImportedCertificate(ImportedCertificateStatus.Unreadable, "certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----)")
            : ExternalCertification.CheckImported(der, request.Der, authority.Authority!.CertificateDer, now);
        Rules.Check(new ImportedCertificateMustBeAcceptableRule(ProblemOf(check.Status), check.Reason));
        var serial = (long)check.Serial;
        if (await db.Certificates.AnyAsync(c => c.Serial == serial, ct))
            throw new BusinessRuleViolationException(new BrokenRule("certificate_serial_taken",
                $"a certificate with serial {serial} is already on file; the CA must issue a new serial", "certificate", RuleKind.Conflict));

        db.Certificates.Add(new CertificateRow { Serial = serial, DeviceId = device.Id, AuthorityId = authority.Authority!.Id, Der = der!, Sandbox = device.Sandbox, IssuedAt = now });
        request.Status = CertificateRequestStatus.Issued;
        request.CertificateSerial = serial;
        request.CompletedAt = now;
        if (request.Rollover)
        {
            var previous = device.CertificateSerial;
            PendingKeyDestructions.Queue(db, device, now);
            device.KeyHandle = request.KeyHandle!;
            request.KeyHandle = null;
            device.CertificateSerial = serial;
            DeviceHistory.Record(db, device, "key_rollover", device.Status, caller.UserOrKeyId,
                $"certificate {previous} superseded by {serial} from the external Postal Service CA, valid to {check.NotAfter:yyyy-MM-dd}", now);
            return request;
        }
        device.CertificateSerial = serial;
        DeviceHistory.Record(db, device, "certificate_imported", device.Status, caller.UserOrKeyId, $"certificate {serial} from the external Postal Service CA, valid to {check.NotAfter:yyyy-MM-dd}", now);
        return request;
    }

    private static string? ProblemOf(ImportedCertificateStatus status) => status switch
    {
        ImportedCertificateStatus.Accepted => null,
        ImportedCertificateStatus.KeyMismatch => "key_mismatch",
        ImportedCertificateStatus.IssuerUnknown => "issuer_unknown",
        ImportedCertificateStatus.NotCurrent => "not_current",
        ImportedCertificateStatus.NotAnEndEntity => "not_an_end_entity",
        ImportedCertificateStatus.SerialUnsupported => "serial_unsupported",
        _ => "unreadable",
    };
}
