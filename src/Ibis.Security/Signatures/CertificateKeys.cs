using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ibis.Security.Signatures;

/// <summary>
/// What is learnt from a device certificate once and never again (a certificate never changes after it is issued;
/// revocation is not kept here): its ECDSA P-256 public key and the name it was issued to, by serial. Parsing a
/// certificate costs more than verifying a signature, so the verifier of scanned indicia and the provider's audit
/// within every reset verify through one instance per installation (issue 17). Bounded: past
/// <see cref="Capacity"/> certificates the map starts over rather than grow without end.
/// </summary>
public sealed class CertificateKeys
{
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<long, Facts> _facts = new();

    // ECDsa instances are not documented as safe for concurrent use, so each thread keeps its own; the
    // parameters they are made from are shared. The thread's map is static (one per thread, whatever the
    // instance), so it is keyed by this instance's Facts object, not by serial: two installations in one process
    // (a test host per database) may each know a certificate with the same serial and a different key, and each
    // must verify with its own.
    [ThreadStatic]
    private static Dictionary<Facts, ECDsa>? _threadKeys;

    // Reference identity: a Facts is made once per certificate by one instance, so the map never confuses them.
    private sealed class Facts(ECParameters? publicKey, string? subjectName)
    {
        public ECParameters? PublicKey { get; } = publicKey;
        public string? SubjectName { get; } = subjectName;
    }

    /// <summary>The common name the certificate was issued to (the device number), or null when it cannot be read.</summary>
    public string? SubjectOf(long serial, byte[] der) => FactsOf(serial, der).SubjectName;

    /// <summary>ECDSA P-256 / SHA-256 over <paramref name="signed"/> with the certificate's key; false for any malformed input.</summary>
    public bool Verify(long serial, byte[] der, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signatureP1363) =>
        Verify(FactsOf(serial, der), signed, signatureP1363);

    /// <summary>
    /// <see cref="Verify(long, byte[], ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> for a certificate already read here,
    /// without its DER; null when it has not been (the caller reads the certificate and verifies with it).
    /// </summary>
    public bool? VerifyKnown(long serial, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signatureP1363) =>
        _facts.TryGetValue(serial, out var facts) ? Verify(facts, signed, signatureP1363) : null;

    private static bool Verify(Facts facts, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signatureP1363)
    {
        if (signatureP1363.Length != 64) return false;
        var keys = _threadKeys ??= new Dictionary<Facts, ECDsa>(ReferenceEqualityComparer.Instance);
        if (!keys.TryGetValue(facts, out var key))
        {
            if (facts.PublicKey is not { } parameters) return false;
            if (keys.Count >= 4096)
            {
                foreach (var k in keys.Values) k.Dispose();
                keys.Clear();
            }
            key = ECDsa.Create(parameters);
            keys[facts] = key;
        }
        try
        {
            return key.VerifyData(signed, signatureP1363, HashAlgorithmName.SHA256);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private Facts FactsOf(long serial, byte[] der)
    {
        if (_facts.TryGetValue(serial, out var known)) return known;
        var facts = Read(der);
        if (_facts.Count >= Capacity) _facts.Clear();
        _facts[serial] = facts;
        return facts;
    }

    private static Facts Read(byte[] der)
    {
        try
        {
            using var cert = X509CertificateLoader.LoadCertificate(der);
            using var key = cert.GetECDsaPublicKey();
            var exported = key?.ExportParameters(includePrivateParameters: false);
            // Only ECDSA P-256 (secp256r1) signs indicia (docs/indicium-format.md).
            var parameters = exported is { } p && p.Curve.Oid?.Value == "1.2.840.10045.3.1.7" ? p : (ECParameters?)null;
            return new Facts(parameters, cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        }
        catch (CryptographicException)
        {
            return new Facts(null, null);
        }
    }
}
