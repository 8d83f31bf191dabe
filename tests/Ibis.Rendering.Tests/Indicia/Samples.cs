using Ibis.Barcodes;
using Ibis.Rendering.Indicia;

namespace Ibis.Rendering.Tests.Indicia;

internal static class Samples
{
    public static IndiciumArtwork Artwork(BitMatrix? barcode = null, bool sample = false, string? mailClass = "FIRST-CLASS MAIL") => new(
        Barcode: barcode ?? TestMatrices.FakeDataMatrix(),
        PostOfficeCity: "BETHESDA",
        PostOfficeState: "MD",
        PostOfficeZip: "20814",
        DeviceId: "0651A0001234",
        MailingDate: new DateOnly(2026, 11, 23),
        RateCategory: "LETTER",
        PostageText: "$0.740",
        Sample: sample,
        MailClassMarking: mailClass);
}
