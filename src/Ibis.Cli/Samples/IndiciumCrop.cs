using Ibis.Rendering;
using SkiaSharp;

namespace Ibis.Cli.Samples;

/// <summary>
/// Cuts one indicium out of a rendered page, with a margin of paper around it. A hand scanner is
/// aimed at the indicium; some decoders (zxing-cpp 1.4) look for a Data Matrix symbol only near the
/// middle of the image, so the samples carry each indicium as its own image next to the page.
/// </summary>
internal static class IndiciumCrop
{
    /// <summary>White paper kept around the indicium: more than the symbol's quiet zone.</summary>
    public const double MarginInches = 0.15;

    public static byte[] Png(byte[] pagePng, InchRect box, int dpi)
    {
        using var page = SKBitmap.Decode(pagePng) ?? throw new InvalidOperationException("the rendered page is not a PNG");
        var left = Math.Max(0, (int)Math.Floor((box.Left - MarginInches) * dpi));
        var top = Math.Max(0, (int)Math.Floor((box.Top - MarginInches) * dpi));
        var right = Math.Min(page.Width, (int)Math.Ceiling((box.Left + box.Width + MarginInches) * dpi));
        var bottom = Math.Min(page.Height, (int)Math.Ceiling((box.Top + box.Height + MarginInches) * dpi));
        using var part = new SKBitmap();
        if (!page.ExtractSubset(part, SKRectI.Create(left, top, right - left, bottom - top)))
            throw new InvalidOperationException("the indicium box lies outside the page");
        using var image = SKImage.FromBitmap(part);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
