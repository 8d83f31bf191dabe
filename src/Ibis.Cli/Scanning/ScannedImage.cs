using SkiaSharp;

namespace Ibis.Cli.Scanning;

/// <summary>
/// Turns an image file (PNG from our renderer, a PDF page rasterised by pdftoppm, a phone photo
/// saved as JPEG) into the 8-bit gray raster the Data Matrix reader takes.
/// </summary>
internal static class ScannedImage
{
    // A #10 envelope at 600 dpi is about 14 Mpx; anything far beyond is not a scan of a mailpiece
    // and would only cost memory.
    private const long MaxPixels = 100_000_000;

    public static (byte[] Gray, int Width, int Height) LoadGray(byte[] encoded, string name)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new CliException($"{name} is not an image that can be decoded (PNG, JPEG, GIF, BMP or WebP)");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
            throw new CliException($"{name} is {info.Width}x{info.Height} pixels; at most {MaxPixels / 1_000_000} Mpx are read");

        using var bitmap = SKBitmap.Decode(codec)
            ?? throw new CliException($"{name} is damaged: its pixels cannot be decoded");
        return bitmap.ColorType == SKColorType.Gray8 ? Copy(bitmap) : ToGray(bitmap);
    }

    private static (byte[], int, int) Copy(SKBitmap bitmap)
    {
        var (w, h) = (bitmap.Width, bitmap.Height);
        var gray = new byte[w * h];
        var source = bitmap.GetPixelSpan();
        for (var y = 0; y < h; y++)
            source.Slice(y * bitmap.RowBytes, w).CopyTo(gray.AsSpan(y * w, w));
        return (gray, w, h);
    }

    private static (byte[], int, int) ToGray(SKBitmap bitmap)
    {
        // Drawn over white: a label exported with a transparent background must read as black on
        // white, not as black on black.
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var gray = new SKBitmap(info);
        using (var canvas = new SKCanvas(gray))
        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        }
        return Copy(gray);
    }
}
