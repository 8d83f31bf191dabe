using Ibis.Barcodes;
using SkiaSharp;

namespace Ibis.Rendering.Tests;

/// <summary>A decoded 8-bit gray image, for measuring rendered output pixel by pixel.</summary>
internal sealed class GrayImage
{
    private readonly byte[] _pixels;

    private GrayImage(int width, int height, byte[] pixels)
    {
        Width = width;
        Height = height;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte this[int x, int y] => _pixels[y * Width + x];

    public bool Dark(int x, int y) => this[x, y] < 128;

    public static GrayImage Decode(byte[] png)
    {
        using var codec = SKCodec.Create(new MemoryStream(png)) ?? throw new InvalidOperationException("not an image");
        // Decode to RGBA whatever the source (our Gray8 PNG, poppler's output) and average to gray.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success) throw new InvalidOperationException($"decode failed: {result}");
        var rgba = bitmap.GetPixelSpan();
        var gray = new byte[info.Width * info.Height];
        for (var i = 0; i < gray.Length; i++)
            gray[i] = (byte)((rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2]) / 3);
        return new GrayImage(info.Width, info.Height, gray);
    }

    /// <summary>Bounding box (inclusive) of dark pixels in [x0,x1) × [y0,y1), or null when there are none.</summary>
    public (int Left, int Top, int Right, int Bottom)? DarkBounds(int x0, int y0, int x1, int y1)
    {
        int l = int.MaxValue, t = int.MaxValue, r = -1, b = -1;
        for (var y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
            for (var x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
            {
                if (!Dark(x, y)) continue;
                if (x < l) l = x;
                if (x > r) r = x;
                if (y < t) t = y;
                if (y > b) b = y;
            }
        return r < 0 ? null : (l, t, r, b);
    }

    public int CountDark(int x0, int y0, int x1, int y1)
    {
        var n = 0;
        for (var y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
            for (var x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
                if (Dark(x, y)) n++;
        return n;
    }

    /// <summary>Dark runs in row <paramref name="y"/> as (start, length).</summary>
    public List<(int Start, int Length)> RowRuns(int y, int x0 = 0, int x1 = int.MaxValue)
    {
        var runs = new List<(int, int)>();
        x1 = Math.Min(x1, Width);
        var x = Math.Max(0, x0);
        while (x < x1)
        {
            if (!Dark(x, y)) { x++; continue; }
            var s = x;
            while (x < x1 && Dark(x, y)) x++;
            runs.Add((s, x - s));
        }
        return runs;
    }

    /// <summary>
    /// Finds an ECC 200 symbol by its solid "L" finder: the leftmost column in the region holding a
    /// vertical dark run of at least <paramref name="minSide"/> pixels (taller than any glyph) is
    /// the finder's left edge; the solid bottom row then gives the width. Returns the symbol's
    /// pixel rectangle (exclusive right/bottom).
    /// </summary>
    public (int Left, int Top, int Right, int Bottom) FindDataMatrix(int x0, int y0, int x1, int y1, int minSide)
    {
        for (var x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
        {
            var y = Math.Max(0, y0);
            while (y < Math.Min(Height, y1))
            {
                if (!Dark(x, y)) { y++; continue; }
                var top = y;
                while (y < Math.Min(Height, y1) && Dark(x, y)) y++;
                if (y - top < minSide) continue;
                var right = x;
                while (right < Width && Dark(right, y - 1)) right++;
                return (x, top, right, y);
            }
        }
        throw new InvalidOperationException("no Data Matrix finder in region");
    }
}

internal static class TestMatrices
{
    /// <summary>
    /// A stand-in Data Matrix: the ECC 200 finder (solid left column and bottom row, alternating top
    /// row and right column) around seeded random modules. Not decodable, but shaped like one.
    /// </summary>
    public static BitMatrix FakeDataMatrix(int width = 44, int height = 44, int seed = 1)
    {
        var m = new BitMatrix(width, height);
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                bool dark;
                if (x == 0 || y == height - 1) dark = true;
                else if (y == 0) dark = x % 2 == 0;
                else if (x == width - 1) dark = y % 2 == 1;
                else dark = random.Next(2) == 1;
                m[x, y] = dark;
            }
        return m;
    }
}
