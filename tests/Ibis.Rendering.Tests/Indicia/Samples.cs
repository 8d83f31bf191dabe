using Ibis.Barcodes;
using Ibis.Domain.Indicia;
using Ibis.Rendering.Mailpieces;

namespace Ibis.Rendering.Tests.Indicia;

/// <summary>The indicium alone, as the server draws it for its indicium image.</summary>
internal static class Samples
{
    public const string Marking = "FIRST-CLASS MAIL";

    public static IndiciumContent Content(BitMatrix? barcode = null, bool sample = false) => new(
        PostOffice: PostOfficeLine.Licensing("BETHESDA", "MD", "20814"),
        DeviceId: "0651A0001234",
        MailingDate: new DateOnly(2026, 11, 23),
        ShowDay: true,
        RateCategory: "LETTER",
        PostageText: "$0.740",
        Barcode: barcode ?? TestMatrices.FakeDataMatrix(),
        Sample: sample);

    /// <summary>The page width of the indicium alone: its block (widened by the 18 pt marking, P050 4.11) and 1/8 in each side.</summary>
    public static double AloneWidthInches =>
        IndiciumBlock.Compute(Content(), IndiciumVariant.Standard, IndiciumDesigns.Standard, IndiciumBlock.NominalModule, IndiciumBlock.StackedWidthInches, Marking).Width
        + 2 * MailpieceRenderer.IndiciumAloneMarginInches;

    public static byte[] Alone(RenderFormat format, int dpi = 300, BitMatrix? barcode = null, bool sample = false) =>
        MailpieceRenderer.RenderIndicium(Content(barcode, sample), format, dpi, Marking);
}
