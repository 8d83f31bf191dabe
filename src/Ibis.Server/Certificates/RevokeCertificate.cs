using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Devices;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Ibis.Server.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Certificates;

public sealed record RevocationRequest(string? Reason);

/// <summary>
/// The Postal Service revokes one device certificate (§502.28; §502.14(b)(2) key compromise, a lost
/// or stolen device). The device's row is locked first, so the revocation is ordered against the
/// device's prints: a print either committed before it, or sees it and is refused.
/// </summary>
internal sealed class RevokeCertificate(IbisDb db, CommandPipeline pipeline, CertificateValidityCache validities, TimeProvider clock)
{
    public async Task<CertificateView> Handle(Caller caller, string serialText, string? reason, CancellationToken ct)
    {
        Rules.Check(new OnlyThePostalServiceRevokesCertificatesRule(caller.Role == Caller.PostalRole));
        var serial = CertificatesApi.ParseSerial(serialText);
        Rules.Check(new RevocationReasonMustBeKnownRule(reason));
        return await pipeline.Run(caller, null, async ct =>
        {
            var probe = await db.Certificates.AsNoTracking().Where(c => c.Serial == serial).Select(c => new { c.DeviceId, c.Sandbox }).FirstOrDefaultAsync(ct)
                        ?? throw ApiException.NotFound("certificate", serialText);
            if (caller.ViaApiKey && caller.TestMode != probe.Sandbox)
                throw new ApiException(403, "mode_mismatch", caller.TestMode
                    ? "a test API key can only revoke sandbox certificates"
                    : "a live API key cannot revoke sandbox certificates");
            var device = await RegisterLock.Row(db, probe.DeviceId, ct);
            var cert = await db.Certificates.FirstAsync(c => c.Serial == serial, ct);
            Rules.Check(new CertificateNotYetRevokedRule(serial, cert.Revoked, cert.RevokedAt));
            var now = clock.GetUtcNow();
            cert.Revoked = true;
            cert.RevokedAt = now;
            cert.RevocationReason = reason;
            db.DeviceEvents.Add(new DeviceEventRow
            {
                DeviceId = device.Id, Id = Ids.New("dev"), Kind = "certificate_revoked", FromStatus = device.Status, ToStatus = device.Status,
                Actor = caller.UserOrKeyId, Reason = $"certificate {serial.ToString(CultureInfo.InvariantCulture)}: {reason}", CreatedAt = now,
            });
            return CertificateView.From(cert, validities.Of(cert.Serial, cert.Der));
        }, ct);
    }
}
