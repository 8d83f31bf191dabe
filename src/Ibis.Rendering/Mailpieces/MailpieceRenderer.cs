using Ibis.Barcodes;
using Ibis.Domain;
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

        // Text as outlines: exact in SVG (no font substitution), small in PDF (no embedded font).
        using var textInk = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.Save();
        canvas.Scale((float)(unitsPerInch / 72));
        var lines = layout.Indicia.SelectMany(i => i.Text)
            .Concat(layout.AdText.Select(t => t.Line))
            .Concat(layout.AddressText.Select(t => t.Line));
        if (layout.Marking is { } marking) lines = lines.Append(marking.Line);
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
