using Ibis.Data;
using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// What an operation on a locked device needs besides its row, read in one round trip: the device's
/// newest records (for the replay check of the seal), and the standings a print or reset depends on —
/// the license (P050 2.3), the lease naming the device and the account it resets from (P050 1.3, 2.5i),
/// the provider's authorization (§502.2, §502.5) and the signing certificate's revocation (§502.28).
/// Each is a scalar sub-query on a primary key or a (device, sequence) index.
/// </summary>
public sealed record DeviceStanding(
    long? LastPieceNumber, long? LastPieceAscendingMills, long? LastResetSequence, long? LastResetControlTotalMills,
    string? LicenseStatus, string? LeaseStatus, string? ResettingAccountId, string? ProviderStatus,
    bool? CertificateRevoked, string? CertificateRevocationReason)
{
    public static Task<DeviceStanding> Read(IbisDb db, DeviceRow d, CancellationToken ct)
    {
        var id = d.Id;
        string? licenseId = d.LicenseId, leaseId = d.LeaseId, providerId = d.ProviderId;
        var serial = d.CertificateSerial;
        return db.Devices.AsNoTracking().Where(x => x.Id == id).Select(x => new DeviceStanding(
            db.Indicia.Where(i => i.DeviceId == id).OrderByDescending(i => i.PieceNumber).Select(i => (long?)i.PieceNumber).FirstOrDefault(),
            db.Indicia.Where(i => i.DeviceId == id).OrderByDescending(i => i.PieceNumber).Select(i => (long?)i.AscendingAfterMills).FirstOrDefault(),
            db.Resets.Where(r => r.DeviceId == id).OrderByDescending(r => r.Sequence).Select(r => (long?)r.Sequence).FirstOrDefault(),
            db.Resets.Where(r => r.DeviceId == id).OrderByDescending(r => r.Sequence).Select(r => (long?)r.ControlTotalAfterMills).FirstOrDefault(),
            db.Licenses.Where(l => l.Id == licenseId).Select(l => l.Status).FirstOrDefault(),
            db.Leases.Where(l => l.Id == leaseId).Select(l => l.Status).FirstOrDefault(),
            db.Leases.Where(l => l.Id == leaseId).Select(l => l.ResettingAccountId).FirstOrDefault(),
            db.Providers.Where(p => p.Id == providerId).Select(p => p.Status).FirstOrDefault(),
            db.Certificates.Where(c => c.Serial == serial).Select(c => (bool?)c.Revoked).FirstOrDefault(),
            db.Certificates.Where(c => c.Serial == serial).Select(c => c.RevocationReason).FirstOrDefault())).SingleAsync(ct);
    }
}
