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
/// certified by it, the v1 bytes signed with that key, the Data Matrix and the rendered artwork.
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

    /// <summary>What GET /v1/certificates/{serial} returns: device certificate, then the CA.</summary>
    public string Pem => PemEncoding.WriteString("CERTIFICATE", DeviceCertificateDer) + "\n"
                         + PemEncoding.WriteString("CERTIFICATE", CaCertificateDer) + "\n";

    public string DevicePemOnly => PemEncoding.WriteString("CERTIFICATE", DeviceCertificateDer) + "\n";

    public static TestIndicium Create(string caName = "Ibis Test CA SANDBOX", string? certifiedDevice = null, ushort? rateCategory = null)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(9));

        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var deviceRequest = new CertificateRequest($"CN={certifiedDevice ?? Device.ToString()}", deviceKey, HashAlgorithmName.SHA256);
        deviceRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        deviceRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var serialBytes = BitConverter.GetBytes(Serial);
        Array.Reverse(serialBytes);
        using var device = deviceRequest.Create(ca, Now.AddDays(-30), Now.AddYears(3), serialBytes.SkipWhile(b => b == 0).ToArray());

        var data = new IndiciumData
        {
            CertificateSerial = Serial,
            Device = Device,
            AscendingRegister = Mills.FromMills(12_740),
            Postage = Mills.FromMills(740),
            MailingDate = DateOnly.FromDateTime(Now.UtcDateTime),
            LicensingZip = Zip5.FromNumber(20814),
            DescendingRegister = Mills.FromMills(487_260),
            RateCategory = rateCategory ?? RateCategory.FirstClassLetter.Code,
            PieceCount = 17,
            DestinationZip = Zip5.FromNumber(20260),
        };
        var signature = deviceKey.SignData(IndiciumCodec.SignedBytes(data), HashAlgorithmName.SHA256);
        var signed = data with { Signature = signature };
        return new TestIndicium(IndiciumCodec.Encode(signed), device.RawData, ca.RawData, signed);
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
