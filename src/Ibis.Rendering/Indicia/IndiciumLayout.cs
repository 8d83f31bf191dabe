using SkiaSharp;

namespace Ibis.Rendering.Indicia;

/// <summary>One line of the human-readable block, placed on the page.</summary>
/// <param name="Text">The text as drawn.</param>
/// <param name="Bold">Bold face.</param>
/// <param name="SizePoints">Font size in points, after shrinking to fit the column.</param>
/// <param name="Left">Left edge of the text origin, inches from the left of the page.</param>
/// <param name="Baseline">Baseline, inches from the top of the page.</param>
public sealed record IndiciumTextLine(string Text, bool Bold, double SizePoints, double Left, double Baseline);

/// <summary>
/// Where everything goes on the page, in inches from the top-left corner. The renderer draws from
/// this, and the server reports it; tests measure the rendered bitmap rather than trusting it.
/// </summary>
/// <param name="Medium">The medium laid out.</param>
/// <param name="PageWidth">Page width in inches.</param>
/// <param name="PageHeight">Page height in inches.</param>
/// <param name="PixelWidth">Bitmap width in pixels (PNG only).</param>
/// <param name="PixelHeight">Bitmap height in pixels (PNG only).</param>
/// <param name="Indicium">The indicium: barcode with its quiet zone plus the human-readable block.</param>
/// <param name="Barcode">The barcode symbol itself, without quiet zone.</param>
/// <param name="ModuleSize">Size of one barcode module in inches.</param>
/// <param name="FimBars">The FIM D bars (empty unless the medium is an envelope).</param>
/// <param name="FimClearZone">The FIM clear zone kept free of other marks (envelope only).</param>
/// <param name="Text">The human-readable lines.</param>
public sealed record IndiciumLayout(
    RenderMedium Medium,
    double PageWidth,
    double PageHeight,
    int? PixelWidth,
    int? PixelHeight,
    InchRect Indicium,
    InchRect Barcode,
    double ModuleSize,
    IReadOnlyList<InchRect> FimBars,
    InchRect? FimClearZone,
    IReadOnlyList<IndiciumTextLine> Text)
{
    /// <summary>#10 envelope: 9.5 × 4.125 in (684 × 297 pt).</summary>
    public const double Envelope10Width = 9.5, Envelope10Height = 4.125;

    /// <summary>
    /// Nominal barcode module: 1/75 in (0.0133 in, 0.96 pt, exactly 4 px at 300 dpi). Raster output
    /// rounds it to whole device pixels so every module has crisp, equal edges.
    /// </summary>
    public const double NominalModule = 1.0 / 75;

    /// <summary>Quiet zone around the symbol, in modules (ECC 200 needs 1; we leave 2).</summary>
    public const int QuietZoneModules = 2;

    /// <summary>
    /// Width of the indicium. P050 4.4 puts it at least 1/4 in from the right edge and outside the
    /// FIM area; the FIM clear zone begins 1 3/4 in from the right edge, so the indicium has at
    /// most 1 1/2 in. We use 1 7/16 in and keep 1/32 in of safety on each side.
    /// </summary>
    public const double IndiciumWidth = 1.4375;

    /// <summary>Distance of the indicium from the top and right edges of an envelope: 1/4 in (P050 4.4) + 1/32 in for printer drift.</summary>
    public const double EnvelopeEdgeOffset = 0.25 + 1.0 / 32;

    /// <summary>White margin around the indicium on the IndiciumOnly medium.</summary>
    public const double LabelMargin = 0.125;

    private const double Gutter = 1.0 / 32;      // between barcode quiet zone and the right-hand text column
    private const double MinColumn = 0.5;        // narrower than this, all text goes below the barcode
    private const double Pt = 1.0 / 72;

    /// <summary>Lays out <paramref name="art"/> for <paramref name="medium"/>; <paramref name="dpi"/> matters for PNG only.</summary>
    public static IndiciumLayout Compute(IndiciumArtwork art, RenderMedium medium, RenderFormat format, int dpi = 300)
    {
        ArgumentNullException.ThrowIfNull(art);
        ArgumentNullException.ThrowIfNull(art.Barcode);
        var raster = format == RenderFormat.Png;
        if (raster) ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 72);
        if (raster) ArgumentOutOfRangeException.ThrowIfGreaterThan(dpi, 2400);

        // Modules in whole device pixels at raster resolutions (1/75 in → 4 px at 300 dpi, 3 px at 203 dpi).
        var module = raster ? Math.Max(1, Math.Round(dpi * NominalModule)) / dpi : NominalModule;
        double Snap(double inches) => raster ? Math.Round(inches * dpi) / dpi : inches;

        // --- the indicium box, relative to its own top-left corner ---
        var quietW = (art.Barcode.Width + 2 * QuietZoneModules) * module;
        var quietH = (art.Barcode.Height + 2 * QuietZoneModules) * module;
        var barcodeTop = QuietZoneModules * module;

        var column = new List<(string Text, bool Bold, double Size)>
        {
            ("US POSTAGE", true, 6.5),
            (art.PostageText, true, 13),
            (art.DateText, false, 6.5),
            (art.DeviceId, false, 6),
        };
        // Sandbox indicia must not pass for postage: SAMPLE in large bold capitals (DESIGN §4). It
        // goes beside the barcode, not under it, so the symbol stays in the vertical middle of an
        // indicium-only image, where scanners that search outwards from the centre look first.
        if (art.Sample) column.Add(("SAMPLE", true, 18));
        var below = new List<(string Text, bool Bold, double Size)> { (art.PostOfficeText, false, 6.5) };
        if (!string.IsNullOrWhiteSpace(art.MailClassMarking)) below.Add((art.MailClassMarking!, true, 6.5));
        below.Add((art.RateCategory, false, 6));

        var lines = new List<IndiciumTextLine>();
        var columnLeft = quietW + Gutter;
        var columnWidth = IndiciumWidth - columnLeft;
        double bottom;
        if (columnWidth >= MinColumn)
        {
            var columnBottom = Stack(column, columnLeft, columnWidth, barcodeTop, lines);
            // Lines under the barcode start flush with the symbol, not with its quiet zone.
            bottom = Stack(below, barcodeTop, IndiciumWidth - barcodeTop, Math.Max(quietH, columnBottom) + Gutter / 2, lines);
        }
        else
        {
            column.AddRange(below);
            bottom = Stack(column, barcodeTop, IndiciumWidth - barcodeTop, quietH + Gutter / 2, lines);
        }
        var boxHeight = Math.Ceiling(bottom * 32) / 32;

        // --- place the box on the page ---
        double pageW, pageH, boxLeft, boxTop;
        IReadOnlyList<InchRect> fim = [];
        InchRect? fimZone = null;
        switch (medium)
        {
            case RenderMedium.IndiciumOnly:
                pageW = IndiciumWidth + 2 * LabelMargin;
                pageH = boxHeight + 2 * LabelMargin;
                boxLeft = Snap(LabelMargin);
                boxTop = Snap(LabelMargin);
                break;
            case RenderMedium.Envelope10:
                // P050 4.4: upper right corner, ≥ 1/4 in from the right and top edges, barcode
                // horizontal, clear of the FIM area. P050 4.12: FIM D on the piece.
                pageW = Envelope10Width;
                pageH = Envelope10Height;
                // Round the offsets *away* from the edges so snapping can never eat the 1/4 in.
                boxLeft = raster ? Math.Floor((pageW - EnvelopeEdgeOffset - IndiciumWidth) * dpi) / dpi
                                 : pageW - EnvelopeEdgeOffset - IndiciumWidth;
                boxTop = raster ? Math.Ceiling(EnvelopeEdgeOffset * dpi) / dpi : EnvelopeEdgeOffset;
                fim = FacingIdentificationMark.BarsD(pageW);
                fimZone = FacingIdentificationMark.ClearZone(pageW);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(medium), medium, null);
        }

        var indicium = new InchRect(boxLeft, boxTop, IndiciumWidth, boxHeight);
        if (fimZone is { } zone && indicium.IntersectsWith(zone))
            throw new InvalidOperationException("Indicium would infringe on the FIM clear zone (P050 4.4).");

        var barcode = new InchRect(boxLeft + barcodeTop, boxTop + barcodeTop,
            art.Barcode.Width * module, art.Barcode.Height * module);
        var placed = lines.ConvertAll(l => l with { Left = l.Left + boxLeft, Baseline = l.Baseline + boxTop });

        int? pxW = raster ? (int)Math.Ceiling(pageW * dpi - 1e-9) : null;
        int? pxH = raster ? (int)Math.Ceiling(pageH * dpi - 1e-9) : null;
        return new IndiciumLayout(medium, pageW, pageH, pxW, pxH, indicium, barcode, module, fim, fimZone, placed);
    }

    /// <summary>Stacks lines top-down in a column, shrinking any that would not fit its width. Returns the bottom.</summary>
    private static double Stack(List<(string Text, bool Bold, double Size)> source, double left, double width,
        double top, List<IndiciumTextLine> into)
    {
        var y = top;
        foreach (var (text, bold, size) in source)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var font = TextMetrics.Font(bold, (float)size);
            var measured = font.MeasureText(text) * Pt;
            var fitted = measured > width ? Math.Floor(size * width / measured * 4) / 4 : size;
            using var fittedFont = TextMetrics.Font(bold, (float)fitted);
            var metrics = fittedFont.Metrics;
            var baseline = y + metrics.CapHeight * Pt;
            into.Add(new IndiciumTextLine(text, bold, fitted, left, baseline));
            // Room for descenders ("$", ",") plus leading before the next line's capitals.
            y = baseline + fitted * 0.42 * Pt;
        }
        return y;
    }
}

/// <summary>Fonts configured identically for measuring and drawing, so layout matches output at any scale.</summary>
internal static class TextMetrics
{
    public static SKFont Font(bool bold, float sizePoints) => new(EmbeddedFonts.Get(bold), sizePoints)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.Antialias,
    };
}
