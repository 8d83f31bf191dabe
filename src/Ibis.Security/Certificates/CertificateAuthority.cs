using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Keys;
using Ibis.Security.Signatures;

namespace Ibis.Security.Certificates;

/// <summary>The Postal Service CA: its self-signed certificate and the handle of its key in the key store.</summary>
public sealed record IssuedCa(byte[] CertificateDer, byte[] KeyHandle, ulong SerialNumber);

/// <summary>
/// The Postal Service certificate authority that certifies each device key (DESIGN §4 "Keys"). Its key is
/// an ECDSA P-256 key inside an <see cref="IKeyStore"/>; certificates are signed through the store.
/// </summary>
public static class CertificateAuthority
{
    /// <summary>Sandbox CA names carry this marker so a sandbox signature can never pass for live postage.</summary>
    public const string SandboxMarker = "SANDBOX";

    /// <summary>How long a CA certificate is valid.</summary>
    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);

    // Back-dates notBefore so verifiers with a slightly slow clock accept a fresh certificate.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Generates the CA key in <paramref name="store"/> and self-signs a v3 CA certificate
    /// (basicConstraints CA:true pathLen 0, keyUsage keyCertSign|cRLSign, both critical).
    /// A sandbox CA's common name gets " SANDBOX" appended unless it already contains it; a live CA's
    /// name must not contain it.
    /// </summary>
    public static IssuedCa CreateAuthority(IKeyStore store, string commonName, bool sandbox, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        var hasMarker = commonName.Contains(SandboxMarker, StringComparison.OrdinalIgnoreCase);
        if (sandbox && !hasMarker)
        {
            commonName += " " + SandboxMarker;
        }
        else if (!sandbox && hasMarker)
        {
            throw new ArgumentException($"A live CA's common name must not contain '{SandboxMarker}'.", nameof(commonName));
        }

        var key = store.GenerateSigningKey("ca:" + commonName);
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        var name = BuildName(commonName);
        var request = new CertificateRequest(name, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var ski = new X509SubjectKeyIdentifierExtension(publicKey, critical: false);
        request.CertificateExtensions.Add(ski);
        request.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));

        var serial = CertificateSerial.New();
        var generator = new KeyStoreSignatureGenerator(store, key.KeyHandle, key.SubjectPublicKeyInfo);
        using var certificate = request.Create(
            name, generator, now - ClockSkew, now + CaValidity, CertificateSerial.ToDerContent(serial));
        return new IssuedCa(certificate.RawData, key.KeyHandle, serial);
    }

    /// <summary>
    /// Certifies a device key: an end-entity certificate (basicConstraints CA:false, keyUsage
    /// digitalSignature) with subject CN=<paramref name="deviceId"/> and the given serial, which the
    /// indicium carries. The serial is encoded as a positive DER INTEGER (0x00 prefix when its top bit is
    /// set). The new certificate is checked against the CA certificate before it is returned, so a key
    /// handle that does not belong to the CA fails here (<c>ca_key_mismatch</c>), not at verification.
    /// </summary>
    public static byte[] IssueDeviceCertificate(
        IKeyStore store,
        byte[] caCertificateDer,
        byte[] caKeyHandle,
        byte[] deviceSubjectPublicKeyInfo,
        string deviceId,
        ulong serialNumber,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caCertificateDer);
        ArgumentNullException.ThrowIfNull(caKeyHandle);
        ArgumentNullException.ThrowIfNull(deviceSubjectPublicKeyInfo);
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        ArgumentOutOfRangeException.ThrowIfZero(serialNumber);
        if (notAfter <= notBefore)
        {
            throw new ArgumentException("notAfter must be later than notBefore.", nameof(notAfter));
        }

        using var ca = X509CertificateLoader.LoadCertificate(caCertificateDer);
        if (notBefore < ca.NotBefore.ToUniversalTime() || notAfter > ca.NotAfter.ToUniversalTime())
        {
            throw new ArgumentException("A device certificate must fall within the CA certificate's validity.", nameof(notAfter));
        }

        var devicePublicKey = ImportP256PublicKey(deviceSubjectPublicKeyInfo);
        var caSpki = ca.PublicKey.ExportSubjectPublicKeyInfo();

        var request = new CertificateRequest(BuildName(deviceId), devicePublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(devicePublicKey, critical: false));
        if (ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } caSki)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(caSki));
        }

        var generator = new KeyStoreSignatureGenerator(store, caKeyHandle, caSpki);
        using var certificate = request.Create(
            ca.SubjectName, generator, notBefore, notAfter, CertificateSerial.ToDerContent(serialNumber));
        var der = certificate.RawData;

        var check = IndiciumSignatureVerifier.CheckIssuedBy(der, caCertificateDer, notBefore);
        if (!check.IsValid)
        {
            throw new KeyStoreException(KeyStoreException.CaKeyMismatch,
                $"The issued certificate does not verify against the CA certificate ({check.Reason}); the CA key handle does not belong to this CA.");
        }
        return der;
    }

    private static X500DistinguishedName BuildName(string commonName)
    {
        // The builder escapes the value, so a device id cannot inject extra RDNs.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    private static PublicKey ImportP256PublicKey(byte[] subjectPublicKeyInfo)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length || !P256.Is(key))
            {
                throw new ArgumentException("The device key must be an ECDSA P-256 public key.", nameof(subjectPublicKeyInfo));
            }
            return PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("The device key is not a valid ECDSA public key.", nameof(subjectPublicKeyInfo), ex);
        }
    }
}
