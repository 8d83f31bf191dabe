using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ibis.Security.Certificates;

namespace Ibis.Cli.Verification;

/// <summary>
/// The certificates given with --certificate: what <c>GET /v1/certificates/{serial}</c> returns
/// (device certificate, then its CA), or the device certificate alone, as PEM or DER. Only the device
/// certificate is taken from it: a CA certificate in the file is never trusted (see <see cref="TrustStore"/>).
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

    public static CertificateBundle Load(FileInfo file) => new(ReadCertificates(file), file.Name);

    /// <summary>Every certificate in a PEM file (CERTIFICATE blocks) or a bare DER certificate; each one parses.</summary>
    public static List<byte[]> ReadCertificates(FileInfo file)
    {
        var content = ReadSmall(file, "certificate");
        var found = Pem.Blocks(content, "CERTIFICATE", file.Name);
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
        return found;
    }

    /// <summary>A file's bytes, refusing anything too large to be certificates or a revocation list.</summary>
    public static byte[] ReadSmall(FileInfo file, string what)
    {
        if (!file.Exists) throw new CliException($"{file.FullName}: no such file");
        if (file.Length > 16 * 1024 * 1024) throw new CliException($"{file.Name} is too large for a {what} file");
        return File.ReadAllBytes(file.FullName);
    }

    public static bool IsCa(byte[] der)
    {
        using var c = X509CertificateLoader.LoadCertificate(der);
        return c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
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
}

/// <summary>PEM blocks (RFC 7468) of one label in a file.</summary>
internal static class Pem
{
    public static List<byte[]> Blocks(byte[] content, string label, string fileName)
    {
        var found = new List<byte[]>();
        var text = Encoding.ASCII.GetString(content).AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual(label))
            {
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(text[fields.Base64Data], der, out var written))
                    throw new CliException($"{fileName}: a {label} block is not valid base64");
                found.Add(der[..written]);
            }
            text = text[fields.Location.End..];
        }
        return found;
    }
}
