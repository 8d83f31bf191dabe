using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;

namespace Ibis.Bench;

/// <summary>Realistic inputs: one first-class letter from a device that has printed a few pieces.</summary>
internal static class Samples
{
    public static IndiciumData Unsigned(uint pieceCount = 17) => new()
    {
        CertificateSerial = 0x1234_5678_9ABC,
        Device = new DeviceNumber(DeviceNumber.IbisVendor, 1, 42),
        AscendingRegister = Mills.FromMills(12_740),
        Postage = Mills.FromMills(740),
        MailingDate = new DateOnly(2026, 11, 23),
        LicensingZip = Zip5.FromNumber(20814),
        DescendingRegister = Mills.FromMills(487_260),
        RateCategory = RateCategory.FirstClassLetter.Code,
        PieceCount = pieceCount,
        DestinationZip = Zip5.FromNumber(20260),
    };

    /// <summary>A signed indicium's 124 bytes; the signature bytes are arbitrary, which encoding does not care about.</summary>
    public static byte[] IndiciumBytes()
    {
        var signature = new byte[IndiciumCodec.SignatureLength];
        new Random(7).NextBytes(signature);
        return IndiciumCodec.Encode(Unsigned() with { Signature = signature });
    }
}
