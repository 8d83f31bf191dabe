using Ibis.Rendering.Indicia;
using Ibis.Rendering.Mailpieces;
using Xunit;
using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Tests.Mailpieces;

/// <summary>
/// Every medium and variant rendered to PNG and measured from the bitmap: where the indicium is
/// (P050 4.4, 4.8, 4.9), where the FIM is and whether there is one (P050 4.12), and that the
/// barcode scans with an independent reader.
/// </summary>
public class PlacementTests
{
    public static IEnumerable<object[]> Cases => Pieces.EveryMediumAndVariant();

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Every_medium_and_variant_measures_right_at_300_dpi(Medium medium, IndiciumVariant variant) =>
        MeasureAndScan(medium, variant, 300);

    [SkippableTheory]
    [InlineData(Medium.Envelope10, IndiciumVariant.Standard)]
    [InlineData(Medium.Flat9x12, IndiciumVariant.PostageCorrection)]
    [InlineData(Medium.SheetLabel, IndiciumVariant.Standard)]
    public void Same_measurements_hold_at_600_dpi(Medium medium, IndiciumVariant variant) =>
        MeasureAndScan(medium, variant, 600);

    private static void MeasureAndScan(Medium medium, IndiciumVariant variant, int dpi)
    {
        var seed = (int)medium * 10 + (int)variant;
        var request = Pieces.Request(medium, variant, seed);
        var png = MailpieceRenderer.Render(request, RenderFormat.Png, dpi);
        var m = new PieceMeasurement(GrayImage.Decode(png), dpi);
        var spec = MediumSpec.Of(medium);

        // Page at its physical size.
        Assert.InRange(m.In(m.Image.Width), spec.PageWidthInches, spec.PageWidthInches + 1.0 / dpi);
        Assert.InRange(m.In(m.Image.Height), spec.PageHeightInches, spec.PageHeightInches + 1.0 / dpi);

        if (medium == Medium.SheetLabel)
        {
            MeasureSheet(m, request, png, seed);
            return;
        }

        var w = m.Image.Width;
        var h = m.Image.Height;
        var front = spec.IsMailpiece && variant == IndiciumVariant.Standard;
        (int Left, int Top, int Right, int Bottom) dark;
        if (front)
        {
            // P050 4.12: FIM D on a letter or flat bearing IBI postage.
            m.AssertFim(FacingIdentificationMark.PatternD.ToArray());
            // The indicium: everything right of the FIM clear zone.
            dark = m.Dark(w - m.Px(1.75) + 1, 0, w, h);
            Assert.True(m.In(dark.Bottom) < m.In(h) / 2, "indicium in the upper half");
            if (spec.Shape == PieceShape.Letter)  // OCR (barcode) clear zone: bottom 5/8 in, 4 3/4 in from the right
                Assert.Equal(0, m.Image.CountDark(w - m.Px(4.75), h - m.Px(0.625), w, h));
        }
        else
        {
            // P050 4.8, 4.9, 4.12: no FIM on REDATE, correction or labels — nothing in the top 1/4 in at all.
            Assert.Empty(m.FimRuns());
            Assert.Equal(0, m.Image.CountDark(0, 0, w, m.Px(0.25)));
            dark = m.Dark(0, 0, w, h);
        }

        // P050 4.4: at least 1/4 in from the right edge (and the top edge on the address side or a label).
        Assert.True(m.In(w - 1 - dark.Right) >= 0.25, $"{m.In(w - 1 - dark.Right):0.000} in from the right edge");
        Assert.True(m.In(dark.Left) > m.In(w) / 2, "indicium on the right");
        if (!spec.IsMailpiece || front)
            Assert.True(m.In(dark.Top) >= 0.25, $"{m.In(dark.Top):0.000} in from the top edge");
        else
        {
            // P050 4.8, 4.9: non-address side, at least 20 mm from the bottom edge …
            Assert.True(m.In(h - 1 - dark.Bottom) * 25.4 >= 20, $"{m.In(h - 1 - dark.Bottom) * 25.4:0.0} mm from the bottom edge");
            // … and a correction not on the flap.
            if (variant == IndiciumVariant.PostageCorrection)
                Assert.True(m.In(dark.Top) >= spec.FlapDepthInches, $"correction at {m.In(dark.Top):0.000} in, flap {spec.FlapDepthInches} in deep");
        }

        if (variant == IndiciumVariant.Redate)
        {
            // P050 4.8: no two-dimensional barcode.
            Assert.False(m.HasTallRun(0, 0, w, h), "a REDATE indicium bears no barcode");
            return;
        }
        var symbol = m.Symbol(dark.Left, dark.Top, dark.Right + 1, dark.Bottom + 1);
        Assert.Equal(Pieces.Payload(seed), ExternalReaders.ZXingDataMatrix(png, symbol, m.Px(0.15)));
    }

    private static void MeasureSheet(PieceMeasurement m, MailpieceRequest request, byte[] png, int seed)
    {
        var position = request.SheetPosition!.Value;
        var (lx, ly) = MediumSpec.SheetLabelOrigin(position);
        var label = (Left: m.Px(lx), Top: m.Px(ly), Right: m.Px(lx + 2.625), Bottom: m.Px(ly + 1));
        // Everything on the sheet is inside the label at the sheet position; no FIM anywhere.
        var dark = m.Dark(0, 0, m.Image.Width, m.Image.Height);
        Assert.True(dark.Left >= label.Left && dark.Right < label.Right && dark.Top >= label.Top && dark.Bottom < label.Bottom,
            $"ink {dark} outside label {label}");
        Assert.True(m.In(dark.Left - label.Left) >= 1.0 / 32 && m.In(label.Right - 1 - dark.Right) >= 1.0 / 32, "margins inside the label");
        if (request.Variant == IndiciumVariant.Redate)
        {
            Assert.False(m.HasTallRun(label.Left, label.Top, label.Right, label.Bottom), "a REDATE indicium bears no barcode");
            return;
        }
        var symbol = m.Symbol(label.Left, label.Top, label.Right, label.Bottom);
        Assert.Equal(Pieces.Payload(seed), ExternalReaders.ZXingDataMatrix(png, symbol, m.Px(0.15)));
    }

    [SkippableFact]
    public void Multi_denomination_labels_each_carry_the_post_office_and_their_own_barcode()
    {
        var indicia = Enumerable.Range(0, 3).Select(i => Pieces.Content(100 + i) with { PostageText = $"$5.00{i}" }).ToList();
        var request = new MailpieceRequest { Indicia = indicia, Medium = Medium.SheetLabel, SheetPosition = 5 };

        // P050 4.5, last sentence: the post office on each label.
        var layout = MailpieceLayout.Compute(request, RenderFormat.Png);
        Assert.Equal(3, layout.Indicia.Count);
        Assert.All(layout.Indicia, i => Assert.Contains(i.Text, t => t.Text == "BETHESDA MD 20814"));

        var png = MailpieceRenderer.Render(request, RenderFormat.Png);
        var m = new PieceMeasurement(GrayImage.Decode(png), 300);
        for (var i = 0; i < 3; i++)
        {
            var (lx, ly) = MediumSpec.SheetLabelOrigin(5 + i);
            var symbol = m.Symbol(m.Px(lx), m.Px(ly), m.Px(lx + 2.625), m.Px(ly + 1));
            Assert.Equal(Pieces.Payload(100 + i), ExternalReaders.ZXingDataMatrix(png, symbol, m.Px(0.12)));
        }
        // Positions 5–7 are the middle and right of row 2 and the left of row 3; the rest of the sheet is blank.
        Assert.Equal(0, m.Image.CountDark(0, 0, m.Image.Width, m.Px(1.5)));
        Assert.Equal(0, m.Image.CountDark(0, m.Px(3.5), m.Image.Width, m.Image.Height));
    }

    [Fact]
    public void Courtesy_reply_envelope_bears_FIM_A()
    {
        var request = Pieces.Request(Medium.Envelope9, IndiciumVariant.Standard) with { Fim = FimKind.A };
        var m = new PieceMeasurement(GrayImage.Decode(MailpieceRenderer.Render(request, RenderFormat.Png)), 300);
        m.AssertFim(FacingIdentificationMark.PatternA.ToArray());
    }

    [SkippableFact]
    public void Full_envelope_keeps_ad_marking_and_address_out_of_the_read_zones_and_still_scans()
    {
        var request = Pieces.Request(Medium.Envelope10, IndiciumVariant.Standard, seed: 77) with
        {
            Ad = new AdArt("MAILER'S MESSAGE\nSHOP LOCAL"),
            PostalMarking = "FIRST-CLASS MAIL",
            Recipient = Pieces.Recipient,
        };
        var png = MailpieceRenderer.Render(request, RenderFormat.Png);
        var m = new PieceMeasurement(GrayImage.Decode(png), 300);
        var w = m.Image.Width;
        var h = m.Image.Height;
        var fimRight = m.AssertFim(FacingIdentificationMark.PatternD.ToArray());
        Assert.Equal(0, m.Image.CountDark(w - m.Px(4.75), h - m.Px(0.625), w, h));

        // P050 4.11: the marking's capitals are at least 18 pt: cap height of DejaVu Sans Bold ≈ 0.73 em → ≥ 0.18 in.
        var markingArea = m.Dark(0, m.Px(0.6), w - m.Px(3.0), m.Px(1.2));
        Assert.True(m.In(markingArea.Bottom - markingArea.Top) >= 0.18, $"marking {m.In(markingArea.Bottom - markingArea.Top):0.000} in tall");

        // The IMb above the address, read back from the pixels: 65 bars on a ~1/22 in pitch whose
        // ascenders and descenders spell the encoded letters (USPS-B-3200).
        var letters = ImbReading.Read(m.Image, m.Dpi, m.Px(0.625), h - m.Px(0.625)).Letters;
        Assert.Equal(Ibis.Barcodes.Postal.IntelligentMailBarcode.EncodeToLetters(Pieces.Recipient.ImbTrackingCode!, Pieces.Recipient.ImbRoutingCode), letters);

        var indicium = m.Dark(fimRight + m.Px(0.1), 0, w, m.Px(2.0));
        Assert.True(m.In(indicium.Top) >= 0.25 && m.In(w - 1 - indicium.Right) >= 0.25);
        var symbol = m.Symbol(indicium.Left, indicium.Top, indicium.Right + 1, indicium.Bottom + 1);
        Assert.Equal(Pieces.Payload(77), ExternalReaders.ZXingDataMatrix(png, symbol, m.Px(0.15)));
    }
}
