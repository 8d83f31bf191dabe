using System.Globalization;
using System.Xml.Linq;
using SkiaSharp;

namespace Ibis.Rendering.Mailpieces;

/// <summary>
/// Writes one page drawn by a callback as PNG, PDF or SVG at its physical size. The callback draws
/// in device units: pixels for PNG, points for PDF and SVG; it is told the units per inch.
/// </summary>
internal static class PageOutput
{
    public static byte[] Write(RenderFormat format, double widthInches, double heightInches, int dpi, Action<SKCanvas, double> draw) => format switch
    {
        RenderFormat.Png => Png(widthInches, heightInches, dpi, draw),
        RenderFormat.Pdf => Pdf(widthInches, heightInches, draw),
        RenderFormat.Svg => Svg(widthInches, heightInches, draw),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    private static byte[] Png(double widthInches, double heightInches, int dpi, Action<SKCanvas, double> draw)
    {
        var info = new SKImageInfo((int)Math.Ceiling(widthInches * dpi - 1e-9), (int)Math.Ceiling(heightInches * dpi - 1e-9),
            SKColorType.Gray8, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException($"Could not allocate a {info.Width}x{info.Height} surface.");
        surface.Canvas.Clear(SKColors.White);
        draw(surface.Canvas, dpi);
        using var pixels = surface.PeekPixels();
        // Mostly white rows and repeated barcode rows: the Up filter at the highest zlib level keeps
        // a full US Letter sheet at 300 dpi small enough to commit as a sample.
        using var data = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 9))
            ?? throw new InvalidOperationException("PNG encoding failed.");
        return PngDpi.Insert(data.AsSpan(), dpi);
    }

    private static byte[] Pdf(double widthInches, double heightInches, Action<SKCanvas, double> draw)
    {
        using var stream = new MemoryStream();
        // RasterDpi stays at its default (72): a higher value rounds the page size to that grid.
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = "Indicium";
        metadata.Creator = "Ibis";
        metadata.Producer = "Ibis";
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage((float)(widthInches * 72), (float)(heightInches * 72));
            using (var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill })
                canvas.DrawRect(SKRect.Create((float)(widthInches * 72), (float)(heightInches * 72)), white);
            draw(canvas, 72);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    private static byte[] Svg(double widthInches, double heightInches, Action<SKCanvas, double> draw)
    {
        var widthPt = (float)(widthInches * 72);
        var heightPt = (float)(heightInches * 72);
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(SKRect.Create(widthPt, heightPt), stream))
        {
            using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill };
            canvas.DrawRect(SKRect.Create(widthPt, heightPt), white);
            draw(canvas, 72);
        }
        stream.Position = 0;
        // Skia writes bare user units (CSS px); give the physical size in inches over a point viewBox.
        var doc = XDocument.Load(stream, LoadOptions.PreserveWhitespace);
        var root = doc.Root ?? throw new InvalidOperationException("SVG without a root element.");
        root.SetAttributeValue("width", widthInches.ToString("0.####", CultureInfo.InvariantCulture) + "in");
        root.SetAttributeValue("height", heightInches.ToString("0.####", CultureInfo.InvariantCulture) + "in");
        root.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {widthPt:0.###} {heightPt:0.###}"));
        using var output = new MemoryStream();
        using (var writer = System.Xml.XmlWriter.Create(output, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
            doc.Save(writer);
        return output.ToArray();
    }
}
