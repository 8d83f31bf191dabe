using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ibis.Barcodes.DataMatrix;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Ibis.Rendering;
using Ibis.Rendering.Mailpieces;

namespace Ibis.Cli.Tests.Support;

/// <summary>
/// An indicium made the way the server makes one, without the server: a CA, a device key
/// certified by it, the bytes signed with that key (format v2 under its context tag, or v1 as earlier pieces were), the Data Matrix and the rendered artwork.
/// </summary>
internal sealed class TestIndicium
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    public const ulong Serial = 0x1234_5678_9ABC;
    public static readonly DeviceNumber Device = new(DeviceNumber.IbisVendor, 1, 42);

    private TestIndicium(byte[] bytes, byte[] deviceCertificateDer, byte[] caCertificateDer, IndiciumData data)
    {
        Bytes = bytes;
        DeviceCertificateDer = deviceCertificateDer;
        CaCertificateDer = caCertificateDer;
        Data = data;
    }

    public byte[] Bytes { get; }

    public byte[] DeviceCertificateDer { get; }

    public byte[] CaCertificateDer { get; }

    public IndiciumData Data { get; }

    /// <summary>The CA that certified the device key.</summary>
    public TestCa Ca { get; private init; } = null!;

    /// <summary>What GET /v1/certificates/{serial} returns: device certificate, then the CA.</summary>
    public string Pem => PemEncoding.WriteString("CERTIFICATE", DeviceCertificateDer) + "\n"
                         + PemEncoding.WriteString("CERTIFICATE", CaCertificateDer) + "\n";

    public string DevicePemOnly => PemEncoding.WriteString("CERTIFICATE", DeviceCertificateDer) + "\n";

    /// <summary>The pinned CA to give --trust: the CA certificate alone.</summary>
    public string CaPem => PemEncoding.WriteString("CERTIFICATE", CaCertificateDer) + "\n";

    public static TestIndicium Create(string caName = "Ibis Test CA SANDBOX", string? certifiedDevice = null, ushort? rateCategory = null,
        TestCa? ca = null, ulong serial = Serial, DateOnly? mailingDate = null, DateTimeOffset? notAfter = null,
        byte formatVersion = IndiciumCodec.CurrentVersion, Func<IndiciumData, byte[]>? signedMessage = null)
    {
        ca ??= new TestCa(caName);
        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var deviceRequest = new CertificateRequest($"CN={certifiedDevice ?? Device.ToString()}", deviceKey, HashAlgorithmName.SHA256);
        deviceRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        deviceRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var serialBytes = BitConverter.GetBytes(serial);
        Array.Reverse(serialBytes);
        var notBefore = mailingDate is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-30) : Now.AddDays(-30);
        using var device = deviceRequest.Create(ca.Certificate, notBefore, notAfter ?? Now.AddYears(3), serialBytes.SkipWhile(b => b == 0).ToArray());

        var data = new IndiciumData
        {
            FormatVersion = formatVersion,
            CertificateSerial = serial,
            Device = Device,
            AscendingRegister = Mills.FromMills(12_740),
            Postage = Mills.FromMills(740),
            MailingDate = mailingDate ?? DateOnly.FromDateTime(Now.UtcDateTime),
            LicensingZip = Zip5.FromNumber(20814),
            DescendingRegister = Mills.FromMills(487_260),
            RateCategory = rateCategory ?? RateCategory.FirstClassLetter.Code,
            PieceCount = 17,
            DestinationZip = Zip5.FromNumber(20260),
        };
        var signature = deviceKey.SignData((signedMessage ?? IndiciumCodec.SignedMessage)(data), HashAlgorithmName.SHA256);
        var signed = data with { Signature = signature };
        return new TestIndicium(IndiciumCodec.Encode(signed), device.RawData, ca.Der, signed) { Ca = ca };
    }

    /// <summary>The bytes with one byte changed, as a forger raising the postage would.</summary>
    public byte[] WithByteFlipped(int offset)
    {
        var copy = (byte[])Bytes.Clone();
        copy[offset] ^= 0x01;
        return copy;
    }

    /// <summary>The indicium alone, as the server's indicium image.</summary>
    public static byte[] RenderPng(byte[] bytes) =>
        MailpieceRenderer.RenderIndicium(Content(bytes), RenderFormat.Png, classMarking: RateCategory.FirstClassLetter.Marking);

    public static byte[] RenderPngEnvelope(byte[] bytes) => MailpieceRenderer.Render(Envelope(bytes), RenderFormat.Png);

    public static byte[] RenderPdfEnvelope(byte[] bytes) => MailpieceRenderer.Render(Envelope(bytes), RenderFormat.Pdf);

    private static MailpieceRequest Envelope(byte[] bytes) =>
        MailpieceRequest.For(Content(bytes), Medium.Envelope10) with { PostalMarking = RateCategory.FirstClassLetter.Marking };

    private static IndiciumContent Content(byte[] bytes) => new(
        PostOfficeLine.Licensing("BETHESDA", "MD", "20814"),
        Device.ToString(),
        DateOnly.FromDateTime(Now.UtcDateTime),
        ShowDay: true,
        RateCategory.FirstClassLetter.Label,
        "$0.740",
        DataMatrixEncoder.Encode(bytes),
        Sample: true);
}

/// <summary>A certificate authority for tests: its certificate with the private key, to certify devices and sign CRLs.</summary>
internal sealed class TestCa : IDisposable
{
    public TestCa(string name = "Ibis Test CA SANDBOX")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(TestIndicium.Now.AddYears(-5), TestIndicium.Now.AddYears(9));
    }

    public X509Certificate2 Certificate { get; }

    public byte[] Der => Certificate.RawData;

    public string Pem => PemEncoding.WriteString("CERTIFICATE", Der) + "\n";

    /// <summary>A CRL listing the given serials, revoked at the given times.</summary>
    public byte[] Crl(params (ulong Serial, DateTimeOffset At)[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var (serial, at) in revoked) builder.AddEntry(Security.Certificates.CertificateSerial.ToDerContent(serial), at, X509RevocationReason.KeyCompromise);
        return builder.Build(Certificate, 1, TestIndicium.Now.AddDays(1), HashAlgorithmName.SHA256, thisUpdate: TestIndicium.Now.AddHours(-1));
    }

    public void Dispose() => Certificate.Dispose();
}
