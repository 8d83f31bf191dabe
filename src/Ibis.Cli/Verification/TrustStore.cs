using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Security.Certificates;

namespace Ibis.Cli.Verification;

/// <summary>
/// What an offline verifier trusts: the pinned Postal Service CA certificates and nothing else
/// (--trust FILE, or the authorities of a trust directory written by <c>ibis certificates pull</c>),
/// with the revocation lists and device certificates of that directory. A certificate that chains to
/// no anchor is refused (fail closed), whatever else came with it.
/// </summary>
internal sealed class TrustStore
{
    public const string AuthoritiesDir = "authorities";
    public const string RevocationsDir = "revocations";
    public const string CertificatesDir = "certificates";

    private readonly DirectoryInfo? _directory;

    private TrustStore(IReadOnlyList<byte[]> anchors, IReadOnlyList<(string Name, byte[] Der)> revocationLists, DirectoryInfo? directory, string name)
    {
        Anchors = anchors;
        RevocationLists = revocationLists;
        _directory = directory;
        Name = name;
    }

    /// <summary>The pinned CA certificates.</summary>
    public IReadOnlyList<byte[]> Anchors { get; }

    /// <summary>Revocation lists as found; each is used only if an anchor signed it.</summary>
    public IReadOnlyList<(string Name, byte[] Der)> RevocationLists { get; }

    /// <summary>Says where the trust came from, for the report.</summary>
    public string Name { get; }

    /// <summary>
    /// Anchors from <paramref name="trustFile"/> when given (the directory then only supplies revocation
    /// lists and device certificates), else from the directory's authorities.
    /// </summary>
    public static TrustStore Load(FileInfo? trustFile, DirectoryInfo? directory)
    {
        if (directory is not null && !directory.Exists) throw new CliException($"{directory.FullName}: no such trust directory (write one with 'ibis certificates pull')");
        List<byte[]> anchors;
        string name;
        if (trustFile is not null)
        {
            anchors = CertificateBundle.ReadCertificates(trustFile).Where(CertificateBundle.IsCa).ToList();
            if (anchors.Count == 0) throw new CliException($"{trustFile.Name} holds no CA certificate to trust (--trust takes the Postal Service CA certificate)");
            name = trustFile.Name;
        }
        else if (directory is not null)
        {
            anchors = Files(directory, AuthoritiesDir, "*.pem")
                .SelectMany(f => CertificateBundle.ReadCertificates(f)).Where(CertificateBundle.IsCa).ToList();
            name = directory.Name;
        }
        else
        {
            throw new CliException("offline verification needs a trust anchor: --trust CA.pem or --trust-dir DIR");
        }

        var lists = new List<(string, byte[])>();
        if (directory is not null)
        {
            foreach (var file in Files(directory, RevocationsDir, "*.crl"))
            {
                var content = CertificateBundle.ReadSmall(file, "revocation list");
                var blocks = Pem.Blocks(content, "X509 CRL", file.Name);
                if (blocks.Count == 0) blocks.Add(content);
                lists.AddRange(blocks.Select(b => (file.Name, b)));
            }
        }
        return new TrustStore(anchors, lists, directory, name);
    }

    /// <summary>The device certificate with this serial from the trust directory, if it holds one.</summary>
    public byte[]? DeviceCertificate(ulong serial)
    {
        if (_directory is null) return null;
        var file = new FileInfo(Path.Combine(_directory.FullName, CertificatesDir, serial.ToString(CultureInfo.InvariantCulture) + ".pem"));
        if (!file.Exists) return null;
        return CertificateBundle.ReadCertificates(file).FirstOrDefault(der => !CertificateBundle.IsCa(der));
    }

    /// <summary>The revocation lists signed by <paramref name="anchorDer"/>, and why the others were set aside.</summary>
    public IReadOnlyList<RevocationList> RevocationListsOf(byte[] anchorDer, List<string> notes)
    {
        var found = new List<RevocationList>();
        foreach (var (name, der) in RevocationLists)
        {
            var list = RevocationList.TryRead(der, anchorDer, out _);
            if (list is not null) found.Add(list);
        }
        if (found.Count == 0 && RevocationLists.Count > 0)
            notes.Add($"no revocation list in {Name} is signed by the issuing CA; the others were ignored");
        return found;
    }

    public static string Fingerprint(byte[] der) => Convert.ToHexString(SHA256.HashData(der));

    public static string SubjectOf(byte[] der)
    {
        using var c = X509CertificateLoader.LoadCertificate(der);
        return c.Subject;
    }

    private static IEnumerable<FileInfo> Files(DirectoryInfo root, string sub, string pattern)
    {
        var dir = new DirectoryInfo(Path.Combine(root.FullName, sub));
        return dir.Exists ? dir.EnumerateFiles(pattern).OrderBy(f => f.Name, StringComparer.Ordinal) : [];
    }
}
