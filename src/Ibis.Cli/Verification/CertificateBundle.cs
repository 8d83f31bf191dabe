using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ibis.Security.Certificates;

namespace Ibis.Cli.Verification;

/// <summary>
/// The certificates given with --certificate: what <c>GET /v1/certificates/{serial}</c> returns
/// (device certificate, then its CA), or the device certificate alone, as PEM or DER.
/// </summary>
internal sealed class CertificateBundle
{
    private CertificateBundle(IReadOnlyList<byte[]> certificates, string name)
    {
        Certificates = certificates;
        Name = name;
    }

    public IReadOnlyList<byte[]> Certificates { get; }

    public string Name { get; }

    public static CertificateBundle Load(FileInfo file)
    {
        if (!file.Exists) throw new CliException($"{file.FullName}: no such file");
        if (file.Length > 1024 * 1024) throw new CliException($"{file.Name} is too large for a certificate file");
        var content = File.ReadAllBytes(file.FullName);

        var found = new List<byte[]>();
        var text = Encoding.ASCII.GetString(content).AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(text[fields.Base64Data], der, out var written))
                    throw new CliException($"{file.Name}: a CERTIFICATE block is not valid base64");
                found.Add(der[..written]);
            }
            text = text[fields.Location.End..];
        }
        // A bare DER certificate (a SEQUENCE) as exported by some tools.
        if (found.Count == 0 && content.Length > 0 && content[0] == 0x30) found.Add(content);
        if (found.Count == 0) throw new CliException($"{file.Name} holds no certificate (expected PEM 'BEGIN CERTIFICATE' blocks or DER)");

        foreach (var der in found)
        {
            try
            {
                using var _ = X509CertificateLoader.LoadCertificate(der);
            }
            catch (CryptographicException e)
            {
                throw new CliException($"{file.Name}: a certificate cannot be parsed ({e.Message})");
            }
        }
        return new CertificateBundle(found, file.Name);
    }

    /// <summary>
    /// The certificate for the indicium: the one whose serial number the indicium carries, or else
    /// the first end-entity certificate (so that a mismatch is reported, not hidden).
    /// </summary>
    public byte[] DeviceCertificate(ulong serial)
    {
        foreach (var der in Certificates)
            if (CertificateSerial.TryRead(der, out var s) && s == serial) return der;
        foreach (var der in Certificates)
            if (!IsCa(der)) return der;
        return Certificates[0];
    }

    /// <summary>The certificate in the file whose subject issued <paramref name="deviceDer"/>, if any.</summary>
    public byte[]? IssuerOf(byte[] deviceDer)
    {
        using var device = X509CertificateLoader.LoadCertificate(deviceDer);
        foreach (var der in Certificates)
        {
            if (ReferenceEquals(der, deviceDer)) continue;
            using var candidate = X509CertificateLoader.LoadCertificate(der);
            if (candidate.SubjectName.RawData.AsSpan().SequenceEqual(device.IssuerName.RawData)) return der;
        }
        return null;
    }

    private static bool IsCa(byte[] der)
    {
        using var c = X509CertificateLoader.LoadCertificate(der);
        return c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
    }
}
