using System.Globalization;
using System.Xml.Linq;
using SkiaSharp;

namespace Ibis.Rendering.Indicia;

/// <summary>
/// Draws an indicium (P050 4.0) as PNG, SVG or PDF, alone or on a #10 envelope with FIM D.
/// Thread-safe: every call uses its own surface.
/// </summary>
public static class IndiciumRenderer
{
    /// <summary>Renders <paramref name="art"/>; <paramref name="dpi"/> applies to PNG only.</summary>
    public static byte[] Render(IndiciumArtwork art, RenderMedium medium, RenderFormat format, int dpi = 300)
    {
        var layout = IndiciumLayout.Compute(art, medium, format, dpi);
        return format switch
        {
            RenderFormat.Png => RenderPng(art, layout, dpi),
            RenderFormat.Svg => RenderSvg(art, layout),
            RenderFormat.Pdf => RenderPdf(art, layout),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    private static byte[] RenderPng(IndiciumArtwork art, IndiciumLayout layout, int dpi)
    {
        var info = new SKImageInfo(layout.PixelWidth!.Value, layout.PixelHeight!.Value, SKColorType.Gray8, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException($"Could not allocate a {info.Width}x{info.Height} surface.");
        Draw(surface.Canvas, art, layout, dpi, raster: true);
        using var pixels = surface.PeekPixels();
        // The "Up" filter alone suits this artwork (white rows, barcode rows repeated per module):
        // about 3x faster than trying every filter, for a file a few percent larger.
        using var data = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 6))
            ?? throw new InvalidOperationException("PNG encoding failed.");
        return PngDpi.Insert(data.AsSpan(), dpi);
    }

    private static byte[] RenderPdf(IndiciumArtwork art, IndiciumLayout layout)
    {
        using var stream = new MemoryStream();
        // RasterDpi stays at its default (72): a higher value makes Skia round the page size to
        // that grid (684 x 297.12 pt instead of 297 for a #10 envelope at 300).
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = "Indicium";
        metadata.Creator = "Ibis";
        metadata.Producer = "Ibis";
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage((float)(layout.PageWidth * 72), (float)(layout.PageHeight * 72));
            Draw(canvas, art, layout, 72, raster: false);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    private static byte[] RenderSvg(IndiciumArtwork art, IndiciumLayout layout)
    {
        var widthPt = (float)(layout.PageWidth * 72);
        var heightPt = (float)(layout.PageHeight * 72);
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(SKRect.Create(widthPt, heightPt), stream))
        {
            Draw(canvas, art, layout, 72, raster: false);
        }
        stream.Position = 0;
        // Skia writes width/height in bare user units (CSS px, 96 per inch); give the physical size
        // in inches with a point-based viewBox so the file prints at the right size.
        var doc = XDocument.Load(stream, LoadOptions.PreserveWhitespace);
        var root = doc.Root ?? throw new InvalidOperationException("SVG without a root element.");
        root.SetAttributeValue("width", Inches(layout.PageWidth));
        root.SetAttributeValue("height", Inches(layout.PageHeight));
        root.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {widthPt:0.###} {heightPt:0.###}"));
        using var output = new MemoryStream();
        using (var writer = System.Xml.XmlWriter.Create(output, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
        {
            doc.Save(writer);
        }
        return output.ToArray();
    }

    private static string Inches(double value) => value.ToString("0.####", CultureInfo.InvariantCulture) + "in";

    /// <summary>Draws in device units: pixels for raster (<paramref name="unitsPerInch"/> = dpi), points for vector.</summary>
    private static void Draw(SKCanvas canvas, IndiciumArtwork art, IndiciumLayout layout, double unitsPerInch, bool raster)
    {
        float U(double inches) => raster ? (float)Math.Round(inches * unitsPerInch) : (float)(inches * unitsPerInch);

        // A raster surface starts with undefined memory; a vector page gets an explicit white sheet.
        if (raster) canvas.Clear(SKColors.White);
        using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill, IsAntialias = false };
        canvas.DrawRect(SKRect.Create((float)(layout.PageWidth * unitsPerInch), (float)(layout.PageHeight * unitsPerInch)), white);

        // Bars and modules: solid black, no antialiasing, edges on whole device pixels.
        using var ink = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = false };
        foreach (var bar in layout.FimBars)
            canvas.DrawRect(new SKRect(U(bar.Left), U(bar.Top), U(bar.Right), U(bar.Bottom)), ink);

        DrawBarcode(canvas, art, layout, unitsPerInch, raster, ink);

        // Text as outlines: exact in SVG (no font substitution) and small in PDF (no embedded font).
        using var textInk = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.Save();
        canvas.Scale((float)(unitsPerInch / 72));
        foreach (var line in layout.Text)
        {
            using var font = TextMetrics.Font(line.Bold, (float)line.SizePoints);
            using var path = font.GetTextPath(line.Text, new SKPoint((float)(line.Left * 72), (float)(line.Baseline * 72)));
            canvas.DrawPath(path, textInk);
        }
        canvas.Restore();
    }

    private static void DrawBarcode(SKCanvas canvas, IndiciumArtwork art, IndiciumLayout layout, double unitsPerInch, bool raster, SKPaint ink)
    {
        var matrix = art.Barcode;
        var module = layout.ModuleSize * unitsPerInch;      // whole pixels when raster
        var x0 = layout.Barcode.Left * unitsPerInch;
        var y0 = layout.Barcode.Top * unitsPerInch;
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
