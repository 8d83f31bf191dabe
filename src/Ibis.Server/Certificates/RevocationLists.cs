using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Psd;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Certificates;

/// <summary>
/// Each installation CA's certificate revocation list (RFC 5280 §5), signed by the CA key through the
/// key store. The directory is public, so a list is signed again only when a revocation was added or
/// the previous one is an hour old, not on every request; it is good for a day (nextUpdate).
/// </summary>
internal sealed class RevocationLists(IKeyStore keys, TimeProvider clock)
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(1);
    private static readonly TimeSpan Refresh = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (int Stamp, DateTimeOffset ThisUpdate, byte[] Crl)> _latest = new();

    public async Task<byte[]> Of(IbisDb db, CertificateAuthorityRow ca, CancellationToken ct)
    {
        var revoked = await db.Certificates.AsNoTracking().Where(c => c.AuthorityId == ca.Id && c.Revoked)
            .OrderBy(c => c.Serial).Select(c => new { c.Serial, c.RevokedAt, c.RevocationReason, c.IssuedAt }).ToListAsync(ct);
        // Revocations are final, so the list only grows: its length tells whether it changed.
        var stamp = revoked.Count;
        var now = clock.GetUtcNow();
        if (_latest.TryGetValue(ca.Id, out var cached) && cached.Stamp == stamp && now >= cached.ThisUpdate && now - cached.ThisUpdate < Refresh)
            return cached.Crl;
        var thisUpdate = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var entries = revoked.Select(r => new RevokedCertificate((ulong)r.Serial, r.RevokedAt ?? r.IssuedAt, ReasonOf(r.RevocationReason)));
        // The CRL number only grows (RFC 5280 §5.2.3): the issue time in milliseconds.
        var crl = RevocationList.Issue(keys, ca.CertificateDer, ca.KeyHandle, entries, thisUpdate.ToUnixTimeMilliseconds(), thisUpdate, thisUpdate + Validity);
        _latest[ca.Id] = (stamp, thisUpdate, crl);
        return crl;
    }

    /// <summary>The RFC 5280 reason code for each of Ibis's reasons.</summary>
    public static X509RevocationReason ReasonOf(string? reason) => reason switch
    {
        RevocationReason.Compromised or RevocationReason.Lost or RevocationReason.Stolen => X509RevocationReason.KeyCompromise,
        RevocationReason.CheckedOut => X509RevocationReason.CessationOfOperation,
        RevocationReason.ProviderRevoked => X509RevocationReason.PrivilegeWithdrawn,
        _ => X509RevocationReason.Unspecified,
    };
}
