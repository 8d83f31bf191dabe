using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Certificates;

/// <summary>
/// The validity period of each device certificate, parsed from its DER once per process. A certificate
/// never changes after it is issued (a new key gets a new serial), so the cache needs no invalidation;
/// revocation does change and is always read from the database. Nothing here is shared between devices
/// beyond this read-only map, so the issuance path stays per-device (DESIGN §3).
/// </summary>
public sealed class CertificateValidityCache
{
    // Enough for every device of a large provider; past it the map starts over rather than grow without end.
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<long, CertificateValidity> _bySerial = new();

    /// <summary>The validity of a certificate whose DER is at hand.</summary>
    public CertificateValidity Of(long serial, byte[] der)
    {
        if (_bySerial.TryGetValue(serial, out var known)) return known;
        var parsed = Parse(der);
        if (_bySerial.Count >= Capacity) _bySerial.Clear();
        _bySerial[serial] = parsed;
        return parsed;
    }

    /// <summary>
    /// §502.28: refuses to sign under a device certificate that is missing, revoked, expired, or that
    /// ends before <paramref name="latestMailingDate"/>. Runs inside the device transaction, before any
    /// register moves; reads the revocation flag every time and the DER only on a cache miss.
    /// </summary>
    public async Task RequireSigningCertificate(IbisDb db, long serial, DateTimeOffset now, DateOnly latestMailingDate, CancellationToken ct)
    {
        var cert = await db.Certificates.AsNoTracking().Where(c => c.Serial == serial)
            .Select(c => new { c.Revoked, c.RevocationReason }).FirstOrDefaultAsync(ct);
        await RequireSigningCertificate(db, serial, cert?.Revoked, cert?.RevocationReason, now, latestMailingDate, ct);
    }

    /// <summary>The same check with the revocation already read (null: no certificate) in the caller's round trip.</summary>
    public async Task RequireSigningCertificate(IbisDb db, long serial, bool? revoked, string? revocationReason, DateTimeOffset now, DateOnly latestMailingDate, CancellationToken ct)
    {
        if (revoked is null)
            throw new BusinessRuleViolationException(new BrokenRule("certificate_missing",
                $"the device has no certificate {serial} from the Postal Service (§502.28); it signs nothing until its key is certified", Kind: RuleKind.Conflict));
        Rules.Check(new CertificateMustNotBeRevokedRule(serial, revoked.Value, revocationReason));
        if (!_bySerial.TryGetValue(serial, out var validity))
        {
            var der = await db.Certificates.AsNoTracking().Where(c => c.Serial == serial).Select(c => c.Der).FirstAsync(ct);
            validity = Of(serial, der);
        }
        Rules.Check(new CertificateMustBeValidRule(serial, validity, now, latestMailingDate));
    }

    public static CertificateValidity Parse(byte[] der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        return new CertificateValidity(new DateTimeOffset(cert.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }
}
