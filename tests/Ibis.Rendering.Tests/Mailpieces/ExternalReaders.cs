using Ibis.Testing;
using SkiaSharp;
using Xunit;

namespace Ibis.Rendering.Tests.Mailpieces;

/// <summary>Independent decoders run on our output: zxing-cpp's ZXingReader (skipped when missing,
/// failing under IBIS_REQUIRE_ALL=1 through <see cref="Requires"/>).</summary>
internal static class ExternalReaders
{
    /// <summary>
    /// Reads the Data Matrix inside <paramref name="region"/> (pixels, exclusive right/bottom) of
    /// <paramref name="png"/> with ZXingReader. The region is cropped with a white margin first:
    /// zxing-cpp searches along lines through the image centre, as a verification scanner aimed at
    /// the indicium would.
    /// </summary>
    public static byte[] ZXingDataMatrix(byte[] png, (int Left, int Top, int Right, int Bottom) region, int marginPixels)
    {
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var path = Path.Combine(Path.GetTempPath(), "ibis-piece-" + Guid.NewGuid().ToString("N") + ".png");
        File.WriteAllBytes(path, Crop(png, region, marginPixels));
        try
        {
            return Requires.RunForBytes(zxing, "-format", "DataMatrix", "-bytes", path);
        }
        finally { File.Delete(path); }
    }

    public static byte[] Crop(byte[] png, (int Left, int Top, int Right, int Bottom) region, int margin)
    {
        using var bitmap = SKBitmap.Decode(png);
        var left = Math.Max(0, region.Left - margin);
        var top = Math.Max(0, region.Top - margin);
        var rect = SKRectI.Create(left, top, Math.Min(bitmap.Width, region.Right + margin) - left, Math.Min(bitmap.Height, region.Bottom + margin) - top);
        using var subset = new SKBitmap();
        Assert.True(bitmap.ExtractSubset(subset, rect));
        using var image = SKImage.FromBitmap(subset);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
