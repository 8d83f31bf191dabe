using System.Security.Cryptography;
using Ibis.Barcodes.DataMatrix;
using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Ibis.Rendering.Mailpieces;
using Ibis.Security.Certificates;
using Ibis.Security.Keys;

namespace Ibis.Cli.Samples;

/// <summary>
/// Issues sandbox indicia in-process for the sample set: a throw-away software key store, a sandbox
/// CA (its name carries SANDBOX), one device key certified by it, and signed indicium bytes (format v2, under the indicium context tag). The
/// indicia verify as test postage only, and every block says SAMPLE (DESIGN §4).
/// </summary>
internal sealed class SampleSigner : IDisposable
{
    private readonly KeyEncryptionKey _kek = KeyEncryptionKey.Generate();
    private readonly SoftwareKeyStore _store;
    private readonly byte[] _deviceKey;
    private readonly DateOnly _date;
    private Mills _ascending = Mills.FromMills(100_000);
    private Mills _descending = Mills.FromMills(400_000);
    private uint _pieces = 200;

    public static readonly DeviceNumber Device = new(DeviceNumber.IbisVendor, 1, 42);

    public SampleSigner(DateTimeOffset now)
    {
        _store = new SoftwareKeyStore(_kek);
        var ca = CertificateAuthority.CreateAuthority(_store, "Ibis Samples CA", sandbox: true, now);
        var device = _store.GenerateSigningKey("sample-device");
        _deviceKey = device.KeyHandle;
        CertificateSerial = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        DeviceCertificateDer = CertificateAuthority.IssueDeviceCertificate(_store, ca.CertificateDer, ca.KeyHandle,
            device.SubjectPublicKeyInfo, Device.ToString(), CertificateSerial, now.AddMinutes(-5), now.AddYears(1));
        CaCertificateDer = ca.CertificateDer;
        _date = DateOnly.FromDateTime(now.UtcDateTime);
    }

    public ulong CertificateSerial { get; }

    public byte[] DeviceCertificateDer { get; }

    public byte[] CaCertificateDer { get; }

    /// <summary>Device certificate then CA, as <c>ibis verify --offline --certificate</c> reads them.</summary>
    public string CertificatesPem => PemEncoding.WriteString("CERTIFICATE", DeviceCertificateDer) + "\n"
                                     + PemEncoding.WriteString("CERTIFICATE", CaCertificateDer) + "\n";

    /// <summary>
    /// A signed indicium of <paramref name="postage"/> in <paramref name="category"/>, as content for
    /// the renderer, and the bytes in its barcode; REDATE gets no barcode (P050 4.8) and spends nothing.
    /// </summary>
    public (IndiciumContent Content, byte[]? Bytes) Issue(RateCategory category, Mills postage, IndiciumVariant variant)
    {
        var office = PostOfficeLine.Licensing("BETHESDA", "MD", "20814");
        var showDay = !category.MayOmitDay;
        if (variant == IndiciumVariant.Redate)
            return (Content(office, category, postage, showDay, barcode: null), null);

        _ascending += postage;
        _descending -= postage;
        _pieces++;
        var data = new IndiciumData
        {
            CertificateSerial = CertificateSerial,
            Device = Device,
            AscendingRegister = _ascending,
            Postage = postage,
            MailingDate = _date,
            LicensingZip = Zip5.FromNumber(20814),
            DescendingRegister = _descending,
            RateCategory = category.Code,
            PieceCount = _pieces,
            DestinationZip = Zip5.FromNumber(20260),
        };
        var signed = data with { Signature = _store.Sign(_deviceKey, IndiciumCodec.SignedMessage(data)) };
        var bytes = IndiciumCodec.Encode(signed);
        return (Content(office, category, postage, showDay, DataMatrixEncoder.Encode(bytes)), bytes);
    }

    private IndiciumContent Content(PostOfficeLine office, RateCategory category, Mills postage, bool showDay, Ibis.Barcodes.BitMatrix? barcode) =>
        new(office, Device.ToString(), _date, showDay, category.Label, postage.ToDollarString(), barcode, Sample: true);

    public void Dispose()
    {
        _store.Dispose();
        _kek.Dispose();
    }
}
