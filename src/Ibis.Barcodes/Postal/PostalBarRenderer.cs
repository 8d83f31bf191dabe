using System.Globalization;
using System.Text;
using Ibis.Barcodes.Imaging;

namespace Ibis.Barcodes.Postal;

/// <summary>
/// Draws Intelligent Mail and POSTNET bars at a printer's resolution: to a <see cref="BitMatrix"/>
/// with one module per pixel, to PNG with the clear zone, or to SVG sized in inches.
/// </summary>
public static class PostalBarRenderer
{
    /// <summary>
    /// The four-state <paramref name="bars"/> at <paramref name="dpi"/>, one matrix module per pixel,
    /// without clear zone (<see cref="PostalBarLayout.IntelligentMail"/> gives the sizes).
    /// </summary>
    public static BitMatrix Render(ReadOnlySpan<FourStateBar> bars, int dpi)
    {
        var layout = PostalBarLayout.IntelligentMail(dpi);
        return ToMatrix(Rectangles(bars, layout), bars.Length, layout);
    }

    /// <summary>The POSTNET <paramref name="bars"/> (true = full) at <paramref name="dpi"/>, one module per pixel.</summary>
    public static BitMatrix Render(ReadOnlySpan<bool> bars, int dpi)
    {
        var layout = PostalBarLayout.Postnet(dpi);
        return ToMatrix(Rectangles(bars, layout), bars.Length, layout);
    }

    /// <summary>A 1-bit PNG of the four-state bars with the USPS-B-3200 clear zone.</summary>
    public static byte[] RenderPng(ReadOnlySpan<FourStateBar> bars, int dpi)
    {
        var layout = PostalBarLayout.IntelligentMail(dpi);
        return PngWriter.Encode(Render(bars, dpi), 1, Math.Max(layout.QuietZoneHorizontal, layout.QuietZoneVertical));
    }

    /// <summary>A 1-bit PNG of the POSTNET bars with a clear zone.</summary>
    public static byte[] RenderPng(ReadOnlySpan<bool> bars, int dpi)
    {
        var layout = PostalBarLayout.Postnet(dpi);
        return PngWriter.Encode(Render(bars, dpi), 1, layout.QuietZoneHorizontal);
    }

    /// <summary>
    /// An SVG document of the four-state bars: one rectangle per bar, sized in inches so it prints at
    /// the USPS dimensions whatever the viewer; coordinates are the pixels of <paramref name="dpi"/>.
    /// </summary>
    public static string RenderSvg(ReadOnlySpan<FourStateBar> bars, int dpi)
    {
        var layout = PostalBarLayout.IntelligentMail(dpi);
        return Svg(Rectangles(bars, layout), bars.Length, layout);
    }

    /// <summary>An SVG document of the POSTNET bars, sized in inches.</summary>
    public static string RenderSvg(ReadOnlySpan<bool> bars, int dpi)
    {
        var layout = PostalBarLayout.Postnet(dpi);
        return Svg(Rectangles(bars, layout), bars.Length, layout);
    }

    private readonly record struct Rect(int X, int Y, int Width, int Height);

    private static Rect[] Rectangles(ReadOnlySpan<FourStateBar> bars, PostalBarLayout layout)
    {
        if (bars.IsEmpty) throw new ArgumentException("there are no bars to draw", nameof(bars));
        var rects = new Rect[bars.Length];
        var ext = layout.Extension;
        for (var i = 0; i < bars.Length; i++)
        {
            var bar = bars[i];
            if ((byte)bar > 3) throw new ArgumentException($"bar {i + 1} is not a four-state bar", nameof(bars));
            // Rows from the top: ascender [0, ext), tracker [ext, ext + tracker), descender below.
            var top = (bar & FourStateBar.Ascender) != 0 ? 0 : ext;
            var bottom = (bar & FourStateBar.Descender) != 0 ? layout.FullHeight : ext + layout.ShortHeight;
            rects[i] = new Rect(i * layout.Pitch, top, layout.BarWidth, bottom - top);
        }
        return rects;
    }

    private static Rect[] Rectangles(ReadOnlySpan<bool> bars, PostalBarLayout layout)
    {
        if (bars.IsEmpty) throw new ArgumentException("there are no bars to draw", nameof(bars));
        var rects = new Rect[bars.Length];
        for (var i = 0; i < bars.Length; i++)
        {
            // POSTNET bars stand on a common baseline; half bars are short at the top.
            var height = bars[i] ? layout.FullHeight : layout.ShortHeight;
            rects[i] = new Rect(i * layout.Pitch, layout.FullHeight - height, layout.BarWidth, height);
        }
        return rects;
    }

    private static BitMatrix ToMatrix(Rect[] rects, int bars, PostalBarLayout layout)
    {
        var matrix = new BitMatrix(layout.SymbolWidth(bars), layout.FullHeight);
        foreach (var r in rects)
        {
            for (var y = r.Y; y < r.Y + r.Height; y++)
                for (var x = r.X; x < r.X + r.Width; x++)
                    matrix[x, y] = true;
        }
        return matrix;
    }

    private static string Svg(Rect[] rects, int bars, PostalBarLayout layout)
    {
        var qh = layout.QuietZoneHorizontal;
        var qv = layout.QuietZoneVertical;
        var w = layout.SymbolWidth(bars) + 2 * qh;
        var h = layout.FullHeight + 2 * qv;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(64 * rects.Length + 256);
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{(double)w / layout.Dpi:0.####}in\" height=\"{(double)h / layout.Dpi:0.####}in\" viewBox=\"0 0 {w} {h}\" shape-rendering=\"crispEdges\">\n");
        sb.Append(inv, $"<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n");
        foreach (var r in rects)
            sb.Append(inv, $"<rect x=\"{r.X + qh}\" y=\"{r.Y + qv}\" width=\"{r.Width}\" height=\"{r.Height}\"/>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
