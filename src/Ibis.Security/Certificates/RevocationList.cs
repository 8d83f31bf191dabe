using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Keys;

namespace Ibis.Security.Certificates;

/// <summary>One revoked device certificate: its serial, when it was revoked and why.</summary>
public sealed record RevokedCertificate(ulong Serial, DateTimeOffset RevokedAt, X509RevocationReason Reason);

/// <summary>
/// The certificate revocation list (X.509 v2 CRL, RFC 5280 §5) of a Postal Service CA: issued by the CA
/// through the key store like its certificates, and read back by offline verifiers, who accept it only
/// when the CA they trust signed it. Nothing here throws on malformed input.
/// </summary>
public sealed class RevocationList
{
    private RevocationList(DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, IReadOnlyDictionary<ulong, DateTimeOffset> revoked)
    {
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        Revoked = revoked;
    }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    /// <summary>Revoked serials and when each was revoked.</summary>
    public IReadOnlyDictionary<ulong, DateTimeOffset> Revoked { get; }

    /// <summary>Signs a CRL listing <paramref name="revoked"/> with the CA key held in <paramref name="store"/>.</summary>
    public static byte[] Issue(
        IKeyStore store,
        byte[] caCertificateDer,
        byte[] caKeyHandle,
        IEnumerable<RevokedCertificate> revoked,
        BigInteger crlNumber,
        DateTimeOffset thisUpdate,
        DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(caCertificateDer);
        ArgumentNullException.ThrowIfNull(caKeyHandle);
        ArgumentNullException.ThrowIfNull(revoked);
        using var ca = X509CertificateLoader.LoadCertificate(caCertificateDer);
        var builder = new CertificateRevocationListBuilder();
        foreach (var entry in revoked)
        {
            builder.AddEntry(CertificateSerial.ToDerContent(entry.Serial), entry.RevokedAt, entry.Reason);
        }
        var generator = new KeyStoreSignatureGenerator(store, caKeyHandle, ca.PublicKey.ExportSubjectPublicKeyInfo());
        var aki = ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } ski
            ? X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski)
            : X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: false, includeIssuerAndSerial: true);
        return builder.Build(ca.SubjectName, generator, crlNumber, nextUpdate, HashAlgorithmName.SHA256, aki, thisUpdate);
    }

    /// <summary>
    /// Reads a DER CRL and accepts it only if <paramref name="caCertificateDer"/> issued it: same issuer
    /// name and an ecdsa-with-SHA256 signature by the CA key. Null, with a reason, otherwise.
    /// </summary>
    public static RevocationList? TryRead(byte[] crlDer, byte[] caCertificateDer, out string error)
    {
        error = "";
        try
        {
            using var ca = X509CertificateLoader.LoadCertificate(caCertificateDer);
            var top = new AsnReader(crlDer, AsnEncodingRules.DER);
            var outer = top.ReadSequence();
            if (top.HasData)
            {
                error = "the CRL has trailing data";
                return null;
            }
            var tbs = outer.ReadEncodedValue();
            var algorithm = outer.ReadEncodedValue();
            var signature = outer.ReadBitString(out var unused);
            if (outer.HasData || unused != 0 || !algorithm.Span.SequenceEqual(KeyStoreSignatureGenerator.EcdsaWithSha256))
            {
                error = "the CRL is not signed with ecdsa-with-SHA256";
                return null;
            }
            using (var key = ca.GetECDsaPublicKey())
            {
                if (key is null || !key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
                {
                    error = $"the CRL is not signed by '{ca.Subject}'";
                    return null;
                }
            }

            var list = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (list.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                list.ReadInteger(); // version v2
            }
            if (!list.ReadEncodedValue().Span.SequenceEqual(algorithm.Span))
            {
                error = "the CRL's inner and outer signature algorithms differ";
                return null;
            }
            if (!list.ReadEncodedValue().Span.SequenceEqual(ca.SubjectName.RawData))
            {
                error = $"the CRL was not issued by '{ca.Subject}'";
                return null;
            }
            var thisUpdate = ReadTime(list);
            DateTimeOffset? nextUpdate = list.HasData && IsTime(list.PeekTag()) ? ReadTime(list) : null;
            var revoked = new Dictionary<ulong, DateTimeOffset>();
            if (list.HasData && list.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = list.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    var serialBytes = entry.ReadIntegerBytes();
                    var at = ReadTime(entry);
                    // A serial no device certificate can have cannot match one; it is skipped, not an error.
                    if (CertificateSerial.TryFromDerContent(serialBytes.Span, out var serial)) revoked[serial] = at;
                }
            }
            return new RevocationList(thisUpdate, nextUpdate, revoked);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException)
        {
            error = "the CRL cannot be parsed";
            return null;
        }
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
