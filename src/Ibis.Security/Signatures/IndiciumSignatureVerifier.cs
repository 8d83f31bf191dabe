using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Certificates;

namespace Ibis.Security.Signatures;

/// <summary>
/// Offline verification of indicium signatures against the public certificate directory (DESIGN §4):
/// anyone holding the device certificate and the CA certificate can check a scanned indicium. Every
/// input may be hostile, so nothing here throws on malformed bytes.
/// </summary>
public static class IndiciumSignatureVerifier
{
    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";

    /// <summary>
    /// True if <paramref name="signatureP1363"/> (64-byte r||s) is a valid ECDSA P-256 / SHA-256 signature of
    /// <paramref name="signedData"/> by the key in <paramref name="certificateDer"/>. Does not check the
    /// certificate's issuer or validity; use <see cref="CheckIssuedBy"/> for that.
    /// </summary>
    public static bool Verify(byte[] certificateDer, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signatureP1363)
    {
        if (certificateDer is null || signatureP1363.Length != 64)
        {
            return false;
        }
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
            using var key = certificate.GetECDsaPublicKey();
            return key is not null
                   && P256.Is(key)
                   && key.VerifyData(signedData, signatureP1363, HashAlgorithmName.SHA256);
        }
        catch (Exception ex) when (IsMalformedInput(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Checks that <paramref name="certificateDer"/> is an end-entity signing certificate issued by
    /// <paramref name="caCertificateDer"/> and that both are valid at <paramref name="at"/>: issuer name,
    /// ecdsa-with-SHA256 signature by the CA key, validity periods, CA basic constraints and key usage.
    /// </summary>
    public static CertificateCheck CheckIssuedBy(byte[] certificateDer, byte[] caCertificateDer, DateTimeOffset at)
    {
        if (certificateDer is null)
        {
            return CertificateCheck.Fail(CertificateCheckStatus.MalformedCertificate, "no certificate");
        }
        if (caCertificateDer is null)
        {
            return CertificateCheck.Fail(CertificateCheckStatus.MalformedAuthority, "no CA certificate");
        }

        X509Certificate2? ca = null;
        X509Certificate2? certificate = null;
        try
        {
            try
            {
                ca = X509CertificateLoader.LoadCertificate(caCertificateDer);
            }
            catch (Exception ex) when (IsMalformedInput(ex))
            {
                return CertificateCheck.Fail(CertificateCheckStatus.MalformedAuthority, "the CA certificate cannot be parsed");
            }
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(certificateDer);
            }
            catch (Exception ex) when (IsMalformedInput(ex))
            {
                return CertificateCheck.Fail(CertificateCheckStatus.MalformedCertificate, "the certificate cannot be parsed");
            }

            return Check(certificate, ca, certificateDer, at);
        }
        catch (Exception ex) when (IsMalformedInput(ex))
        {
            return CertificateCheck.Fail(CertificateCheckStatus.MalformedCertificate, "the certificate cannot be parsed: " + ex.GetType().Name);
        }
        finally
        {
            certificate?.Dispose();
            ca?.Dispose();
        }
    }

    private static CertificateCheck Check(X509Certificate2 certificate, X509Certificate2 ca, byte[] certificateDer, DateTimeOffset at)
    {
        var caConstraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (caConstraints is not { CertificateAuthority: true })
        {
            return CertificateCheck.Fail(CertificateCheckStatus.AuthorityNotACa, "the issuer certificate is not a CA (basicConstraints)");
        }
        var caUsage = ca.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (caUsage is not null && !caUsage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            return CertificateCheck.Fail(CertificateCheckStatus.AuthorityNotACa, "the issuer certificate may not sign certificates (keyUsage)");
        }
        if (!ca.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
        {
            return CertificateCheck.Fail(CertificateCheckStatus.IssuerMismatch,
                $"issued by '{certificate.Issuer}', not by '{ca.Subject}'");
        }

        if (!TrySplit(certificateDer, out var tbs, out var signature))
        {
            return CertificateCheck.Fail(CertificateCheckStatus.UnsupportedAlgorithm, "the certificate is not signed with ecdsa-with-SHA256");
        }
        using (var caKey = ca.GetECDsaPublicKey())
        {
            if (caKey is null || !P256.Is(caKey))
            {
                return CertificateCheck.Fail(CertificateCheckStatus.UnsupportedAlgorithm, "the CA key is not ECDSA P-256");
            }
            if (!caKey.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                return CertificateCheck.Fail(CertificateCheckStatus.BadSignature, "the CA's signature on the certificate does not verify");
            }
        }

        if (at < ca.NotBefore.ToUniversalTime() || at > ca.NotAfter.ToUniversalTime())
        {
            return CertificateCheck.Fail(CertificateCheckStatus.AuthorityNotValidAt,
                $"the CA certificate is not valid at {at:O}");
        }
        if (at < certificate.NotBefore.ToUniversalTime())
        {
            return CertificateCheck.Fail(CertificateCheckStatus.NotYetValid, $"the certificate is not valid before {certificate.NotBefore.ToUniversalTime():O}");
        }
        if (at > certificate.NotAfter.ToUniversalTime())
        {
            return CertificateCheck.Fail(CertificateCheckStatus.Expired, $"the certificate expired at {certificate.NotAfter.ToUniversalTime():O}");
        }

        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            return CertificateCheck.Fail(CertificateCheckStatus.NotAnEndEntity, "the certificate is a CA certificate, not a device certificate");
        }
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            return CertificateCheck.Fail(CertificateCheckStatus.KeyUsageNotPermitted, "the certificate's key may not make digital signatures");
        }
        using (var key = certificate.GetECDsaPublicKey())
        {
            if (key is null || !P256.Is(key))
            {
                return CertificateCheck.Fail(CertificateCheckStatus.UnsupportedAlgorithm, "the certificate's key is not ECDSA P-256");
            }
        }
        return CertificateCheck.Valid;
    }

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }.
    // Only ecdsa-with-SHA256 is accepted, and the inner and outer algorithm identifiers must agree
    // (RFC 5280 §4.1.1.2), so an attacker cannot pick the algorithm.
    private static bool TrySplit(byte[] der, out ReadOnlyMemory<byte> tbs, out byte[] signature)
    {
        tbs = default;
        signature = [];
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var outer = reader.ReadSequence();
        if (reader.HasData)
        {
            return false;
        }
        tbs = outer.ReadEncodedValue();
        var algorithm = outer.ReadEncodedValue();
        if (!algorithm.Span.SequenceEqual(KeyStoreSignatureGenerator.EcdsaWithSha256))
        {
            return false;
        }
        signature = outer.ReadBitString(out var unusedBits);
        if (unusedBits != 0 || outer.HasData)
        {
            return false;
        }

        var tbsReader = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        if (tbsReader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        {
            tbsReader.ReadEncodedValue();
        }
        tbsReader.ReadIntegerBytes();
        return tbsReader.ReadEncodedValue().Span.SequenceEqual(algorithm.Span);
    }

    private static bool IsMalformedInput(Exception ex) =>
        ex is CryptographicException or AsnContentException or ArgumentException or FormatException
            or OverflowException or InvalidOperationException;
}
