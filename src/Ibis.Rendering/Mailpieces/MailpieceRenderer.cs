using Ibis.Barcodes;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Rendering.Indicia;
using SkiaSharp;

namespace Ibis.Rendering.Mailpieces;

/// <summary>
/// Draws a mailpiece — an envelope or flat with its indicium, FIM, other matter and address, or a
/// label (sheet) — as PNG (any dpi, usually 300 or 600), PDF or SVG at its exact physical size.
/// Every piece passes <see cref="LayoutValidator"/> first: a piece that breaks a rule of P050 4 is
/// refused with <see cref="BusinessRuleViolationException"/> (code <c>layout_violation</c>) and
/// nothing is drawn. Thread-safe: every call uses its own surface.
/// </summary>
public static class MailpieceRenderer
{
    /// <summary>Validates and renders <paramref name="request"/>; <paramref name="dpi"/> applies to PNG only.</summary>
    /// <exception cref="BusinessRuleViolationException">The piece breaks a rule; <c>Rule</c> is a <see cref="LayoutRule"/>.</exception>
    public static byte[] Render(MailpieceRequest request, RenderFormat format, int dpi = 300)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestRules = LayoutValidator.CheckRequest(request);
        if (requestRules.Count > 0) throw new BusinessRuleViolationException(requestRules[0]);
        var layout = MailpieceLayout.Compute(request, format, dpi);
        var layoutRules = LayoutValidator.CheckLayout(layout);
        if (layoutRules.Count > 0) throw new BusinessRuleViolationException(layoutRules[0]);
        return PageOutput.Write(format, layout.PageWidth, layout.PageHeight, dpi,
            (canvas, unitsPerInch) => Draw(canvas, layout, unitsPerInch, format == RenderFormat.Png));
    }

    /// <summary>White margin around the indicium alone: its quiet zone on the paper it is printed or pasted on.</summary>
    public const double IndiciumAloneMarginInches = 0.125;

    /// <summary>
    /// Renders the indicium alone — the standard design with its barcode, no piece around it — on a page
    /// of the block plus <see cref="IndiciumAloneMarginInches"/> on every side, for labels and previews.
    /// There is no piece, so no placement rule applies; <paramref name="classMarking"/> (e.g.
    /// "FIRST-CLASS MAIL") is printed at the foot of the block, in bold 18-point capitals (P050 4.11, no
    /// exceptions), because there is no advertising area to hold it; the page widens to fit it.
    /// </summary>
    public static byte[] RenderIndicium(IndiciumContent content, RenderFormat format, int dpi = 300, string? classMarking = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(content.Barcode);
        var raster = format == RenderFormat.Png;
        if (raster) ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 72);
        if (raster) ArgumentOutOfRangeException.ThrowIfGreaterThan(dpi, 2400);
        // Modules in whole device pixels at raster resolutions, as on a piece (4 px at 300 dpi).
        var module = raster ? Math.Max(1, Math.Round(dpi * IndiciumBlock.NominalModule)) / dpi : IndiciumBlock.NominalModule;
        var block = IndiciumBlock.Compute(content, IndiciumVariant.Standard, IndiciumDesigns.Standard, module,
            IndiciumBlock.StackedWidthInches, classMarking);
        var margin = raster ? Math.Round(IndiciumAloneMarginInches * dpi) / dpi : IndiciumAloneMarginInches;
        var symbol = block.Barcode!.Value;
        var barcode = new InchRect(symbol.Left + margin, symbol.Top + margin, symbol.Width, symbol.Height);
        var text = block.Text.Select(l => l with { Left = l.Left + margin, Baseline = l.Baseline + margin }).ToList();
        return PageOutput.Write(format, block.Width + 2 * IndiciumAloneMarginInches, block.Height + 2 * IndiciumAloneMarginInches, dpi,
            (canvas, unitsPerInch) =>
            {
                using var ink = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = false };
                DrawMatrix(canvas, block.Matrix!, barcode, module, unitsPerInch, raster, ink);
                DrawText(canvas, text, unitsPerInch);
            });
    }

    private static void Draw(SKCanvas canvas, MailpieceLayout layout, double unitsPerInch, bool raster)
    {
        float U(double inches) => raster ? (float)Math.Round(inches * unitsPerInch) : (float)(inches * unitsPerInch);
        SKRect R(InchRect r) => new(U(r.Left), U(r.Top), U(r.Right), U(r.Bottom));

        // Bars and modules: solid black, no antialiasing, edges on whole device pixels.
        using var ink = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = false };
        foreach (var bar in layout.FimBars) canvas.DrawRect(R(bar), ink);
        foreach (var bar in layout.ImbBars) canvas.DrawRect(R(bar), ink);
        foreach (var placed in layout.Indicia)
            if (placed.Barcode is { } symbol && placed.Block.Matrix is { } matrix)
                DrawMatrix(canvas, matrix, symbol, placed.Block.ModuleInches, unitsPerInch, raster, ink);

        var lines = layout.Indicia.SelectMany(i => i.Text)
            .Concat(layout.AdText.Select(t => t.Line))
            .Concat(layout.AddressText.Select(t => t.Line))
            .Concat(layout.ReturnAddressText.Select(t => t.Line));
        if (layout.Marking is { } marking) lines = lines.Append(marking.Line);
        DrawText(canvas, lines, unitsPerInch);
    }

    private static void DrawText(SKCanvas canvas, IEnumerable<IndiciumTextLine> lines, double unitsPerInch)
    {
        // Text as outlines: exact in SVG (no font substitution), small in PDF (no embedded font).
        using var textInk = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.Save();
        canvas.Scale((float)(unitsPerInch / 72));
        foreach (var line in lines)
        {
            using var font = TextMetrics.Font(line.Bold, (float)line.SizePoints);
            using var path = font.GetTextPath(line.Text, new SKPoint((float)(line.Left * 72), (float)(line.Baseline * 72)));
            canvas.DrawPath(path, textInk);
        }
        canvas.Restore();
    }

    private static void DrawMatrix(SKCanvas canvas, BitMatrix matrix, InchRect symbol, double moduleInches, double unitsPerInch, bool raster, SKPaint ink)
    {
        var module = moduleInches * unitsPerInch;
        var x0 = symbol.Left * unitsPerInch;
        var y0 = symbol.Top * unitsPerInch;
        if (raster) { module = Math.Round(module); x0 = Math.Round(x0); y0 = Math.Round(y0); }

        // One path of horizontal runs: no seams between modules in PDF/SVG viewers, and a small file.
        using var builder = new SKPathBuilder();
        for (var y = 0; y < matrix.Height; y++)
        {
            var x = 0;
            while (x < matrix.Width)
            {
                if (!matrix[x, y]) { x++; continue; }
                var start = x;
                while (x < matrix.Width && matrix[x, y]) x++;
                builder.AddRect(SKRect.Create((float)(x0 + start * module), (float)(y0 + y * module),
                    (float)((x - start) * module), (float)module), SKPathDirection.Clockwise);
            }
        }
        using var path = builder.Detach();
        canvas.DrawPath(path, ink);
    }
}
