using System.Collections.Concurrent;
using Ibis.Security.Signatures;

namespace Ibis.Server.Verification;

/// <summary>
/// What a verifier learns from certificates once and never again (a certificate never changes after it is
/// issued; revocation is not cached here): the device's public key and the name it was issued to
/// (<see cref="CertificateKeys"/>, shared with the provider's audit), the authorities' certificates, and the CA's
/// verdict on the chain for each date of mailing. Bounded: past <see cref="Capacity"/> entries a map starts over
/// rather than grow without end.
/// </summary>
public sealed class VerifyingKeys(CertificateKeys certificates)
{
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<(long Serial, string Authority, DateTimeOffset At), CertificateCheck> _chains = new();

    private readonly ConcurrentDictionary<string, byte[]> _authorities = new();

    /// <summary>The CA certificate of an authority, when this process has read it.</summary>
    public byte[]? AuthorityDer(string authorityId) => _authorities.TryGetValue(authorityId, out var der) ? der : null;

    public void RememberAuthority(string authorityId, byte[] der)
    {
        if (_authorities.Count >= 1_000) _authorities.Clear();
        _authorities[authorityId] = der;
    }

    /// <summary>The common name the certificate was issued to (the device number), or null when it cannot be read.</summary>
    public string? SubjectOf(long serial, byte[] der) => certificates.SubjectOf(serial, der);

    /// <summary>ECDSA P-256 / SHA-256 over <paramref name="signed"/> with the certificate's key; false for any malformed input.</summary>
    public bool Verify(long serial, byte[] der, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signatureP1363) =>
        certificates.Verify(serial, der, signed, signatureP1363);

    /// <summary>The CA's verdict on the certificate at an instant, computed once per certificate, authority and instant.</summary>
    public CertificateCheck Chain(KnownCertificate cert, byte[] authorityDer, string authorityId, DateTimeOffset at)
    {
        var key = (cert.Serial, authorityId, at);
        if (_chains.TryGetValue(key, out var known)) return known;
        var check = IndiciumSignatureVerifier.CheckIssuedBy(cert.Der, authorityDer, at);
        if (_chains.Count >= Capacity) _chains.Clear();
        _chains[key] = check;
        return check;
    }
}
