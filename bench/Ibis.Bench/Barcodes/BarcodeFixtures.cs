using System.Text;
using Ibis.Barcodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;

namespace Ibis.Bench.Barcodes;

/// <summary>
/// The inputs of the barcode benchmarks, shared with the zxing-cpp timing script
/// (bench/zxing/bench_zxing.py), which reads the files <see cref="WriteFiles"/> writes so that both
/// sides encode the same bytes and read the same images.
/// </summary>
internal static class BarcodeFixtures
{
    /// <summary>Side of the square test images in pixels.</summary>
    public const int ImageSide = 440;

    /// <summary>Rotation of the rotated Data Matrix image, degrees clockwise.</summary>
    public const double RotationDegrees = 33;

    /// <summary>60 characters mixing upper and lower case, digits, spaces and punctuation.</summary>
    public const string Text60 = "IBIS-2026/11/25 PC Postage ABCDEFGH 0123456789 tracking 9400";

    /// <summary>150 random bytes, fixed seed.</summary>
    public static byte[] Binary150()
    {
        var bytes = new byte[150];
        new Random(20261125).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Text60Bytes() => Encoding.ASCII.GetBytes(Text60);

    /// <summary>The 150-byte Data Matrix at 8 px/module, centred on a white 440×440 image (48×48 → 384 px symbol).</summary>
    public static GrayImage DataMatrixImage()
    {
        var matrix = DataMatrixEncoder.Encode(Binary150());
        return Centre(GrayImage.FromMatrix(matrix, PixelsPerModule(matrix.Width, 8), 0));
    }

    /// <summary>
    /// The same symbol at 6 px/module (so that the rotated square still fits), rotated by
    /// <see cref="RotationDegrees"/> about the centre of a white 440×440 image, bilinear.
    /// </summary>
    public static GrayImage RotatedDataMatrixImage()
    {
        var matrix = DataMatrixEncoder.Encode(Binary150());
        return Rotate(GrayImage.FromMatrix(matrix, 6, 0), RotationDegrees);
    }

    /// <summary>The 150-byte PDF417 symbol, as many px/module as fit 440 px across with a 2-module quiet zone.</summary>
    public static GrayImage Pdf417Image()
    {
        var matrix = Pdf417Encoder.Encode(Binary150());
        var ppm = Math.Max(1, ImageSide / (matrix.Width + 4));
        return GrayImage.FromMatrix(matrix, ppm, 2);
    }

    /// <summary>Fails loudly when our own reader does not return the payload: a benchmark of a failing read would be meaningless.</summary>
    public static void Check(bool success, byte[]? data, string what)
    {
        if (!success || data is null || !data.AsSpan().SequenceEqual(Binary150()))
            throw new InvalidOperationException($"{what}: the reader did not return the 150-byte payload.");
    }

    /// <summary>
    /// Writes payloads and images to the fixture directory: $IBIS_BARCODE_FIXTURES, else
    /// bench/zxing/fixtures above the running assembly. Same bytes every time.
    /// </summary>
    public static void WriteFiles()
    {
        var dir = FixtureDirectory();
        if (dir is null) return;
        Directory.CreateDirectory(dir);
        WriteIfChanged(Path.Combine(dir, "payload150.bin"), Binary150());
        WriteIfChanged(Path.Combine(dir, "text60.txt"), Text60Bytes());
        WriteIfChanged(Path.Combine(dir, "dm150_440.png"), PngWriter.EncodeGray8(DataMatrixImage()));
        WriteIfChanged(Path.Combine(dir, "dm150_440_rot33.png"), PngWriter.EncodeGray8(RotatedDataMatrixImage()));
        WriteIfChanged(Path.Combine(dir, "pdf417_150.png"), PngWriter.EncodeGray8(Pdf417Image()));
    }

    private static string? FixtureDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("IBIS_BARCODE_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "zxing");
            if (Directory.Exists(candidate)) return Path.Combine(candidate, "fixtures");
        }

        return null;
    }

    private static void WriteIfChanged(string path, byte[] bytes)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        File.WriteAllBytes(path, bytes);
    }

    private static int PixelsPerModule(int modules, int wanted) => Math.Min(wanted, ImageSide / modules);

    /// <summary>Places <paramref name="image"/> in the middle of a white <see cref="ImageSide"/>² canvas.</summary>
    private static GrayImage Centre(GrayImage image)
    {
        var canvas = new GrayImage(ImageSide, ImageSide);
        var left = (ImageSide - image.Width) / 2;
        var top = (ImageSide - image.Height) / 2;
        for (var y = 0; y < image.Height; y++)
        {
            var ty = top + y;
            if ((uint)ty >= ImageSide) continue;
            for (var x = 0; x < image.Width; x++)
            {
                var tx = left + x;
                if ((uint)tx < ImageSide) canvas.Pixels[ty * ImageSide + tx] = image.Pixels[y * image.Width + x];
            }
        }

        return canvas;
    }

    /// <summary>Rotates <paramref name="source"/> clockwise about its centre onto a white <see cref="ImageSide"/>² canvas, bilinear.</summary>
    private static GrayImage Rotate(GrayImage source, double degrees)
    {
        var canvas = new GrayImage(ImageSide, ImageSide);
        var radians = degrees * Math.PI / 180;
        var cos = Math.Cos(radians);
        var sin = Math.Sin(radians);
        var cx = ImageSide / 2.0;
        var cy = ImageSide / 2.0;
        var sx0 = source.Width / 2.0;
        var sy0 = source.Height / 2.0;
        for (var y = 0; y < ImageSide; y++)
        {
            for (var x = 0; x < ImageSide; x++)
            {
                // Inverse map: the destination pixel centre rotated back into the source.
                var dx = x + 0.5 - cx;
                var dy = y + 0.5 - cy;
                var sx = cos * dx + sin * dy + sx0 - 0.5;
                var sy = -sin * dx + cos * dy + sy0 - 0.5;
                canvas.Pixels[y * ImageSide + x] = Sample(source, sx, sy);
            }
        }

        return canvas;
    }

    private static byte Sample(GrayImage image, double x, double y)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        var value = (1 - fx) * (1 - fy) * Pixel(image, x0, y0) + fx * (1 - fy) * Pixel(image, x0 + 1, y0)
            + (1 - fx) * fy * Pixel(image, x0, y0 + 1) + fx * fy * Pixel(image, x0 + 1, y0 + 1);
        return (byte)Math.Clamp((int)Math.Round(value), 0, 255);
    }

    private static int Pixel(GrayImage image, int x, int y) =>
        (uint)x < (uint)image.Width && (uint)y < (uint)image.Height ? image.Pixels[y * image.Width + x] : 255;
}
