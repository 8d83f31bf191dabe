using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Keys;
using Ibis.Security.Signatures;

namespace Ibis.Security.Certificates;

/// <summary>Why a certificate brought back from an external Postal Service CA was or was not accepted.</summary>
public enum ImportedCertificateStatus
{
    Accepted,
    Unreadable,
    KeyMismatch,
    IssuerUnknown,
    NotCurrent,
    NotAnEndEntity,
    SerialUnsupported,
}

/// <summary>The outcome of <see cref="ExternalCertification.CheckImported"/>.</summary>
public sealed record ImportedCertificate(ImportedCertificateStatus Status, string Reason, ulong Serial = 0, DateTimeOffset NotAfter = default)
{
    public bool IsAccepted => Status == ImportedCertificateStatus.Accepted;
}

/// <summary>
/// An installation whose device certificates come from an external Postal Service CA (issue 11: "PKCS#10
/// signing requests out, X.509 certificates in"). The device key is generated inside the key store and
/// signs its own PKCS#10 request, so the request proves possession; the certificate that comes back is
/// accepted only for that key, from the trusted CA, current, end-entity, with a serial an indicium can carry.
/// </summary>
public static class ExternalCertification
{
    /// <summary>A PKCS#10 request (DER) for the device key, subject CN=<paramref name="deviceName"/>, signed by that key.</summary>
    public static byte[] CreateSigningRequest(IKeyStore store, byte[] keyHandle, byte[] subjectPublicKeyInfo, string deviceName)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceName);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(deviceName);
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        var request = new CertificateRequest(builder.Build(), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        return request.CreateSigningRequest(new KeyStoreSignatureGenerator(store, keyHandle, subjectPublicKeyInfo));
    }

    /// <summary>The subject public key info a PKCS#10 request (DER) names.</summary>
    public static byte[] RequestedKey(byte[] requestDer) =>
        CertificateRequest.LoadSigningRequest(requestDer, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation)
            .PublicKey.ExportSubjectPublicKeyInfo();

    /// <summary>Reads a PEM or DER certificate; null when it is neither.</summary>
    public static byte[]? ReadCertificate(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var pem = PemEncoding.Find(text);
            return Convert.FromBase64String(text[pem.Base64Data]);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="der"/> is a CA certificate (basicConstraints CA:true) with an ECDSA P-256 key.</summary>
    public static bool IsAuthority(byte[] der, out string reason)
    {
        try
        {
            using var ca = X509CertificateLoader.LoadCertificate(der);
            if (ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                reason = "the certificate is not a CA certificate (basicConstraints CA:true)";
                return false;
            }
            using var key = ca.GetECDsaPublicKey();
            if (key is null || !P256.Is(key))
            {
                reason = "the CA key is not ECDSA P-256";
                return false;
            }
            reason = "";
            return true;
        }
        catch (CryptographicException)
        {
            reason = "the certificate cannot be parsed";
            return false;
        }
    }

    /// <summary>Checks a certificate from the external CA against the request it answers and the trusted CA.</summary>
    public static ImportedCertificate CheckImported(byte[] certificateDer, byte[] requestDer, byte[] caCertificateDer, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        }
        catch (CryptographicException)
        {
            return new(ImportedCertificateStatus.Unreadable, "the certificate cannot be parsed");
        }
        using (certificate)
        {
            if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(RequestedKey(requestDer)))
                return new(ImportedCertificateStatus.KeyMismatch, "the certificate certifies another key than the one the device's request names");
            var check = IndiciumSignatureVerifier.CheckIssuedBy(certificateDer, caCertificateDer, now);
            var status = check.Status switch
            {
                CertificateCheckStatus.Valid => ImportedCertificateStatus.Accepted,
                CertificateCheckStatus.NotYetValid or CertificateCheckStatus.Expired or CertificateCheckStatus.AuthorityNotValidAt => ImportedCertificateStatus.NotCurrent,
                CertificateCheckStatus.NotAnEndEntity or CertificateCheckStatus.KeyUsageNotPermitted => ImportedCertificateStatus.NotAnEndEntity,
                CertificateCheckStatus.MalformedCertificate => ImportedCertificateStatus.Unreadable,
                _ => ImportedCertificateStatus.IssuerUnknown,
            };
            if (status != ImportedCertificateStatus.Accepted) return new(status, check.Reason);
            if (!CertificateSerial.TryRead(certificate, out var serial))
                return new(ImportedCertificateStatus.SerialUnsupported, "the certificate's serial is not a positive 64-bit number, which an indicium cannot carry");
            return new(ImportedCertificateStatus.Accepted, "accepted", serial, certificate.NotAfter.ToUniversalTime());
        }
    }
}
