using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Certificates;

/// <summary>
/// Revoking device certificates (§502.28; §502.14(b)(2) key compromise; §502.20(e) check-out). A
/// revocation is final and dated: pieces dated before it keep verifying, pieces dated after it do not,
/// and the CA's revocation list publishes it for offline verifiers.
/// </summary>
public static class CertificateRevocation
{
    /// <summary>
    /// Marks every unrevoked certificate of the device as revoked at <paramref name="at"/>, in the
    /// caller's transaction (the caller saves). Returns the serials it revoked.
    /// </summary>
    public static async Task<IReadOnlyList<long>> RevokeAllOf(IbisDb db, string deviceId, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        Rules.Check(new RevocationReasonMustBeKnownRule(reason));
        var certificates = await db.Certificates.Where(c => c.DeviceId == deviceId && !c.Revoked).OrderBy(c => c.Serial).ToListAsync(ct);
        foreach (var cert in certificates)
        {
            cert.Revoked = true;
            cert.RevokedAt = at;
            cert.RevocationReason = reason;
        }
        return certificates.Select(c => c.Serial).ToList();
    }
}
