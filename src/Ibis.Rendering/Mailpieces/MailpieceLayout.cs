using Ibis.Barcodes;
using Ibis.Barcodes.Postal;
using Ibis.Rendering.Indicia;
using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Mailpieces;

/// <summary>One indicium placed on the page.</summary>
/// <param name="Box">The block's rectangle on the page, inches from the top-left corner.</param>
/// <param name="Block">The block, relative to its own corner.</param>
/// <param name="Label">The label it sits on (sheet and 4 × 6 labels), or null on an envelope.</param>
public sealed record PlacedIndicium(InchRect Box, IndiciumBlock Block, InchRect? Label)
{
    /// <summary>The barcode symbol on the page, or null (REDATE).</summary>
    public InchRect? Barcode => Block.Barcode is { } b ? b with { Left = b.Left + Box.Left, Top = b.Top + Box.Top } : null;

    /// <summary>The human-readable lines on the page.</summary>
    public IEnumerable<IndiciumTextLine> Text => Block.Text.Select(l => l with { Left = l.Left + Box.Left, Baseline = l.Baseline + Box.Top });
}

/// <summary>A run of text placed on the page, with the rectangle it covers.</summary>
/// <param name="Line">The line (baseline position).</param>
/// <param name="Bounds">Ink extent: from the cap height above the baseline to the descender below.</param>
public sealed record PlacedText(IndiciumTextLine Line, InchRect Bounds);

/// <summary>
/// Where everything of one mailpiece goes, in inches from the top-left corner of the page. The
/// validator checks this before anything is drawn; tests measure the rendered bitmap instead of
/// trusting it.
/// </summary>
public sealed record MailpieceLayout
{
    /// <summary>The medium.</summary>
    public required MediumSpec Spec { get; init; }

    /// <summary>The variant.</summary>
    public required IndiciumVariant Variant { get; init; }

    /// <summary>The design drawn.</summary>
    public required IndiciumDesign Design { get; init; }

    /// <summary>True when the page is the non-address side of an envelope (REDATE and corrections, P050 4.8, 4.9).</summary>
    public required bool NonAddressSide { get; init; }

    /// <summary>Page width in inches (the piece, or the US Letter sheet for sheet labels).</summary>
    public required double PageWidth { get; init; }

    /// <summary>Page height in inches.</summary>
    public required double PageHeight { get; init; }

    /// <summary>Bitmap size in pixels (PNG only).</summary>
    public int? PixelWidth { get; init; }

    /// <summary>Bitmap size in pixels (PNG only).</summary>
    public int? PixelHeight { get; init; }

    /// <summary>The indicia placed.</summary>
    public required IReadOnlyList<PlacedIndicium> Indicia { get; init; }

    /// <summary>The FIM bars requested (empty for none).</summary>
    public IReadOnlyList<InchRect> FimBars { get; init; } = [];

    /// <summary>The FIM clear zone on a mailpiece's address side.</summary>
    public InchRect? FimClearZone { get; init; }

    /// <summary>The barcode ("OCR") clear zone on a letter's address side.</summary>
    public InchRect? BarcodeClearZone { get; init; }

    /// <summary>The flap on the non-address side.</summary>
    public InchRect? Flap { get; init; }

    /// <summary>The advertising art area, when there is ad art or a marking.</summary>
    public InchRect? AdArea { get; init; }

    /// <summary>Ad art lines (P050 4.10).</summary>
    public IReadOnlyList<PlacedText> AdText { get; init; } = [];

    /// <summary>The postal marking (P050 4.11), or null.</summary>
    public PlacedText? Marking { get; init; }

    /// <summary>The delivery address block with its IMb, or null.</summary>
    public InchRect? AddressBlock { get; init; }

    /// <summary>Address lines.</summary>
    public IReadOnlyList<PlacedText> AddressText { get; init; } = [];

    /// <summary>Intelligent Mail barcode bars.</summary>
    public IReadOnlyList<InchRect> ImbBars { get; init; } = [];

    /// <summary>The sender's return address block (upper left), or null.</summary>
    public InchRect? ReturnAddressBlock { get; init; }

    /// <summary>Return address lines.</summary>
    public IReadOnlyList<PlacedText> ReturnAddressText { get; init; } = [];

    /// <summary>The labels printed on (sheet labels: one per indicium; 4 × 6: the page).</summary>
    public IReadOnlyList<InchRect> Labels { get; init; } = [];

    /// <summary>Smallest address point size.</summary>
    private const double AddressPoints = 10;

    private const double Pt = 1.0 / 72;

    /// <summary>
    /// Lays out <paramref name="request"/>. Does not judge it: <see cref="LayoutValidator"/> does, and
    /// refuses the request-level faults (unknown design, bad sheet position) before this is called.
    /// </summary>
    public static MailpieceLayout Compute(MailpieceRequest request, RenderFormat format, int dpi = 300)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raster = format == RenderFormat.Png;
        if (raster) ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 72);
        if (raster) ArgumentOutOfRangeException.ThrowIfGreaterThan(dpi, 1200);
        var spec = MediumSpec.Of(request.Medium);
        var design = IndiciumDesigns.Find(request.DesignId ?? IndiciumDesigns.DefaultFor(request.Medium).Id)
                     ?? throw new ArgumentException($"Unknown design '{request.DesignId}'.", nameof(request));
        var snap = new Snapper(raster, dpi);
        var module = raster ? Math.Max(1, Math.Round(dpi * IndiciumBlock.NominalModule)) / dpi : IndiciumBlock.NominalModule;
        var nonAddressSide = spec.IsMailpiece && request.Variant != IndiciumVariant.Standard;
        var w = spec.PageWidthInches;
        var h = spec.PageHeightInches;

        var placed = new List<PlacedIndicium>();
        var labels = new List<InchRect>();
        if (request.Medium == Medium.SheetLabel)
        {
            var first = request.SheetPosition ?? 1;
            for (var i = 0; i < request.Indicia.Count; i++)
            {
                var (lx, ly) = MediumSpec.SheetLabelOrigin(Math.Min(MediumSpec.SheetLabels, first + i));
                var label = new InchRect(lx, ly, spec.WidthInches, spec.HeightInches);
                labels.Add(label);
                var block = IndiciumBlock.Compute(request.Indicia[i], request.Variant, design, module, spec.WidthInches - 0.125);
                // Centred on the label: the label, not the block, is placed on the piece by the mailer.
                var box = new InchRect(snap.Down(lx + (spec.WidthInches - block.Width) / 2), snap.Down(ly + (spec.HeightInches - block.Height) / 2), block.Width, block.Height);
                placed.Add(new PlacedIndicium(box, block, label));
            }
        }
        else
        {
            var block = IndiciumBlock.Compute(request.Indicia[0], request.Variant, design, module, w - 2 * ReadZones.EdgeInches);
            // P050 4.4: upper right, ≥ ¼ in from the right and top edges; 1/32 in more for printer
            // drift, rounded away from the edges so pixel snapping can never eat into the ¼ in.
            var left = snap.Down(w - ReadZones.EdgeInches - 1.0 / 32 - block.Width);
            var top = nonAddressSide
                // P050 4.8, 4.9: non-address side, ≥ 20 mm from the bottom edge (1/16 in to spare).
                ? snap.Down(h - ReadZones.NonAddressSideBottomInches - 1.0 / 16 - block.Height)
                : snap.Up(ReadZones.EdgeInches + 1.0 / 32);
            var label = spec.IsMailpiece ? (InchRect?)null : new InchRect(0, 0, w, h);
            if (label is { } l) labels.Add(l);
            placed.Add(new PlacedIndicium(new InchRect(left, top, block.Width, block.Height), block, label));
        }

        var layout = new MailpieceLayout
        {
            Spec = spec,
            Variant = request.Variant,
            Design = design,
            NonAddressSide = nonAddressSide,
            PageWidth = w,
            PageHeight = h,
            PixelWidth = raster ? (int)Math.Ceiling(w * dpi - 1e-9) : null,
            PixelHeight = raster ? (int)Math.Ceiling(h * dpi - 1e-9) : null,
            Indicia = placed,
            Labels = labels,
            FimBars = request.Fim switch
            {
                FimKind.D => FacingIdentificationMark.Bars(FacingIdentificationMark.PatternD, w),
                FimKind.A => FacingIdentificationMark.Bars(FacingIdentificationMark.PatternA, w),
                _ => [],
            },
            FimClearZone = spec.IsMailpiece && !nonAddressSide ? FacingIdentificationMark.ClearZone(w) : null,
            BarcodeClearZone = spec.Shape == PieceShape.Letter && !nonAddressSide ? ReadZones.BarcodeClearZone(w, h) : null,
            Flap = nonAddressSide ? new InchRect(0, 0, w, spec.FlapDepthInches) : null,
        };
        layout = WithAdAndMarking(layout, request);
        layout = WithAddress(layout, request, raster, dpi);
        return WithReturnAddress(layout, request, raster, dpi);
    }

    private static MailpieceLayout WithAdAndMarking(MailpieceLayout layout, MailpieceRequest request)
    {
        if (request.Ad is null && string.IsNullOrWhiteSpace(request.PostalMarking)) return layout;
        var spec = layout.Spec;
        InchRect area;
        if (spec.IsMailpiece)
        {
            // Left of the FIM clear zone (P050 4.4 keeps it free of anything but the FIM), top edge margin.
            var right = layout.PageWidth - FacingIdentificationMark.ClearZoneFarEdge - 0.125;
            var left = Math.Max(ReadZones.EdgeInches, right - 3.0);
            area = new InchRect(left, ReadZones.EdgeInches, right - left, 0.875);
        }
        else if (spec.Medium == Medium.Label4x6)
        {
            var below = layout.Indicia[0].Box.Bottom + 0.125;
            area = new InchRect(ReadZones.EdgeInches, below, layout.PageWidth - 2 * ReadZones.EdgeInches, 1.0);
        }
        else
        {
            // A 2⅝ × 1 in label has no room: P050 4.10 allows other matter "within space limitations".
            area = new InchRect(0, 0, 0, 0);
        }

        var y = area.Top;
        var ad = new List<PlacedText>();
        if (request.Ad is { } art)
        {
            foreach (var text in art.Text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var line = Place(text, bold: true, size: 9, minSize: 6, area.Left, area.Width, y);
                ad.Add(line);
                y = line.Bounds.Bottom + 0.04;
            }
        }
        PlacedText? marking = null;
        if (!string.IsNullOrWhiteSpace(request.PostalMarking))
        {
            // P050 4.11: bold capitals of at least 18 pt; alone in the ad area it fills it as far as possible.
            var size = ad.Count == 0 ? LargestFitting(request.PostalMarking!, area, 18, 36) : 18;
            marking = Place(request.PostalMarking!, bold: true, size, size, area.Left, area.Width, y + 0.02);
        }
        return layout with { AdArea = area, AdText = ad, Marking = marking };
    }

    private static double LargestFitting(string text, InchRect area, double min, double max)
    {
        using var font = TextMetrics.Font(true, 1);
        var widthAt1 = font.MeasureText(text) * Pt;
        var byWidth = widthAt1 <= 0 ? max : area.Width / widthAt1;
        // Cap height plus descender is about 0.95 em for DejaVu Sans Bold capitals with "-".
        var byHeight = area.Height / (0.95 * Pt);
        return Math.Max(min, Math.Min(max, Math.Floor(Math.Min(byWidth, byHeight) * 2) / 2));
    }

    /// <summary>Places one line with its top at <paramref name="top"/>, shrunk to fit <paramref name="width"/> but not below <paramref name="minSize"/>.</summary>
    private static PlacedText Place(string text, bool bold, double size, double minSize, double left, double width, double top)
    {
        using var probe = TextMetrics.Font(bold, (float)size);
        var measured = probe.MeasureText(text) * Pt;
        var fitted = measured > width && width > 0 ? Math.Max(minSize, Math.Floor(size * width / measured * 4) / 4) : size;
        using var font = TextMetrics.Font(bold, (float)fitted);
        var m = font.Metrics;
        var baseline = top - m.Ascent * Pt;
        var lineWidth = font.MeasureText(text) * Pt;
        var bounds = new InchRect(left, top, lineWidth, (m.Descent - m.Ascent) * Pt);
        return new PlacedText(new IndiciumTextLine(text, bold, fitted, left, baseline), bounds);
    }

    private static MailpieceLayout WithAddress(MailpieceLayout layout, MailpieceRequest request, bool raster, int dpi)
    {
        if (request.Recipient is not { } recipient || recipient.Lines.Count == 0) return layout;
        var spec = layout.Spec;
        var lineHeight = AddressPoints * 1.25 * Pt;
        var bars = recipient.ImbTrackingCode is { } tracking
            ? IntelligentMailBarcode.Encode(tracking, recipient.ImbRoutingCode ?? "")
            : null;

        // Intelligent Mail bars: whole pixels at the output resolution, nominal sizes in vector output.
        double barWidth, pitch, full, tracker;
        if (raster)
        {
            var bl = PostalBarLayout.IntelligentMail(dpi);
            (barWidth, pitch, full, tracker) = ((double)bl.BarWidth / dpi, (double)bl.Pitch / dpi, (double)bl.FullHeight / dpi, (double)bl.ShortHeight / dpi);
        }
        else
        {
            (barWidth, pitch, full, tracker) = (PostalBarDimensions.ImbBarWidth, 1 / PostalBarDimensions.ImbBarsPerInch,
                PostalBarDimensions.ImbFullBarHeight, PostalBarDimensions.ImbTrackerHeight);
        }
        var imbHeight = bars is null ? 0 : full + 2 * PostalBarDimensions.ImbQuietZoneVertical;
        var height = imbHeight + recipient.Lines.Count * lineHeight;

        double left, bottom;
        if (spec.IsMailpiece)
        {
            // In the OCR read area, above the barcode clear zone (DMM 202; Publication 28 A1).
            left = Math.Max(ReadZones.OcrReadAreaSideMarginInches + PostalBarDimensions.ImbQuietZoneHorizontal, Math.Round(layout.PageWidth * 0.36 * 8) / 8);
            bottom = layout.PageHeight - ReadZones.BarcodeClearZoneHeightInches - 0.125;
        }
        else
        {
            left = 0.5;
            bottom = layout.PageHeight - 1.0;
        }
        var top = bottom - height;
        if (raster) { left = Math.Round(left * dpi) / dpi; top = Math.Round(top * dpi) / dpi; }

        var imb = new List<InchRect>();
        var widest = 0.0;
        if (bars is not null)
        {
            var barTop = top + PostalBarDimensions.ImbQuietZoneVertical;
            var extension = raster ? Math.Floor((full - tracker) / 2 * dpi) / dpi : (full - tracker) / 2;
            for (var i = 0; i < bars.Length; i++)
            {
                var x = left + i * pitch;
                var ascender = bars[i] is FourStateBar.Ascender or FourStateBar.Full;
                var descender = bars[i] is FourStateBar.Descender or FourStateBar.Full;
                var y0 = ascender ? barTop : barTop + extension;
                var y1 = descender ? barTop + full : barTop + extension + tracker;
                imb.Add(new InchRect(x, y0, barWidth, y1 - y0));
            }
            widest = (bars.Length - 1) * pitch + barWidth;
        }
        var text = new List<PlacedText>();
        var y = top + imbHeight;
        foreach (var line in recipient.Lines)
        {
            var placed = Place(line, bold: false, AddressPoints, AddressPoints, left, layout.PageWidth, y);
            text.Add(placed);
            widest = Math.Max(widest, placed.Bounds.Width);
            y += lineHeight;
        }
        var block = new InchRect(left - (bars is null ? 0 : PostalBarDimensions.ImbQuietZoneHorizontal), top,
            widest + (bars is null ? 0 : 2 * PostalBarDimensions.ImbQuietZoneHorizontal), height);
        return layout with { AddressBlock = block, AddressText = text, ImbBars = imb };
    }

    /// <summary>Return address point size: smaller than the delivery address, as on a printed envelope.</summary>
    private const double ReturnAddressPoints = 8;

    /// <summary>Smallest size a long return address line shrinks to.</summary>
    private const double ReturnAddressMinPoints = 6;

    /// <summary>Narrowest column beside the top matter worth printing a return address in.</summary>
    private const double ReturnAddressMinColumn = 1.75;

    /// <summary>
    /// The return address in the upper-left corner, ¼ in from the top and left edges, in the column
    /// left of the indicium and the advertising/marking area. Where that column is too narrow (a
    /// #6¾ envelope, whose ad area starts at the left margin; a 4 × 6 label under its wide
    /// indicium) it goes under the top matter instead, still on the left and above the address.
    /// The validator judges the result: no overlap with the indicium, FIM, read zones or other matter.
    /// </summary>
    private static MailpieceLayout WithReturnAddress(MailpieceLayout layout, MailpieceRequest request, bool raster, int dpi)
    {
        if (request.ReturnAddress is not { } sender || sender.Lines.Count == 0) return layout;
        const double gap = 0.125;
        var edge = ReadZones.EdgeInches;
        var indicium = layout.Indicia[0].Box;
        var columnRight = indicium.Left;
        if (layout.AdArea is { Width: > 0 } area && area.Top < edge + 0.5) columnRight = Math.Min(columnRight, area.Left);
        if (layout.FimClearZone is { } fim) columnRight = Math.Min(columnRight, fim.Left);
        columnRight -= gap;
        // First choice: the corner column beside the top matter; else (too narrow, or a line would not
        // fit even at the smallest size) under the top matter, where the column reaches the indicium or FIM zone.
        if (columnRight - edge >= ReturnAddressMinColumn && Lines(sender, edge, edge, columnRight, raster, dpi) is { } corner)
            return layout with { ReturnAddressBlock = corner.Block, ReturnAddressText = corner.Text };
        var lowest = new[] { layout.AdArea is { Width: > 0 } a ? a.Bottom : 0, layout.Marking?.Bounds.Bottom ?? 0 }
            .Concat(layout.AdText.Select(t => t.Bounds.Bottom)).Max();
        var top = Math.Max(edge, lowest + gap / 2);
        var right = (indicium.Bottom > top ? indicium.Left : layout.PageWidth - edge) - gap;
        if (layout.FimClearZone is { } zone && zone.Bottom > top) right = Math.Min(right, zone.Left - gap);
        // Refused by the validator if it still does not fit: the text runs past the column it was given.
        var under = (Lines(sender, edge, top, right, raster, dpi) ?? Lines(sender, edge, top, double.MaxValue, raster, dpi))!.Value;
        return layout with { ReturnAddressBlock = under.Block, ReturnAddressText = under.Text };
    }

    /// <summary>The lines placed from (<paramref name="left"/>, <paramref name="top"/>), or null when one is wider than the column at the smallest size.</summary>
    private static (InchRect Block, List<PlacedText> Text)? Lines(ReturnAddressLines sender, double left, double top, double right, bool raster, int dpi)
    {
        if (raster) { left = Math.Ceiling(left * dpi - 1e-9) / dpi; top = Math.Ceiling(top * dpi - 1e-9) / dpi; }
        var width = right == double.MaxValue ? 0 : right - left;
        var text = new List<PlacedText>();
        var y = top;
        var widest = 0.0;
        foreach (var line in sender.Lines)
        {
            var placed = Place(line, bold: false, ReturnAddressPoints, ReturnAddressMinPoints, left, width, y);
            if (width > 0 && placed.Bounds.Width > width + 1e-9) return null;
            text.Add(placed);
            widest = Math.Max(widest, placed.Bounds.Width);
            y += ReturnAddressPoints * 1.2 * Pt;
        }
        return (new InchRect(left, top, widest, text[^1].Bounds.Bottom - top), text);
    }

    /// <summary>Rounds positions to whole device pixels in the safe direction, or leaves them exact for vector output.</summary>
    private readonly struct Snapper(bool raster, int dpi)
    {
        /// <summary>Rounds towards the top/left of the page.</summary>
        public double Down(double inches) => raster ? Math.Floor(inches * dpi + 1e-9) / dpi : inches;

        /// <summary>Rounds towards the bottom/right of the page.</summary>
        public double Up(double inches) => raster ? Math.Ceiling(inches * dpi - 1e-9) / dpi : inches;
    }
}
