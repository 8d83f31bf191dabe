namespace Ibis.Barcodes.Imaging;

/// <summary>
/// An 8-bit grayscale raster, row-major, 0 = black and 255 = white: the form
/// the Data Matrix reader takes and <see cref="PngWriter"/> writes.
/// </summary>
public sealed class GrayImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied) as a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold exactly width × height bytes.</exception>
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if ((long)width * height != pixels.Length)
            throw new ArgumentException($"{pixels.Length} bytes are not a {width}x{height} image.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>A white image of the given size.</summary>
    public GrayImage(int width, int height)
        : this(width, height, NewWhite(width, height))
    {
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major, one byte each.</summary>
    public byte[] Pixels { get; }

    /// <summary>The pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y]
    {
        get => Pixels[Index(x, y)];
        set => Pixels[Index(x, y)] = value;
    }

    /// <summary>
    /// Draws <paramref name="matrix"/> with <paramref name="pixelsPerModule"/> square pixels per module,
    /// its top-left module corner at (<paramref name="left"/>, <paramref name="top"/>); parts outside the image are clipped.
    /// </summary>
    public void Draw(BitMatrix matrix, int left, int top, int pixelsPerModule)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelsPerModule);
        for (var my = 0; my < matrix.Height; my++)
        {
            for (var mx = 0; mx < matrix.Width; mx++)
            {
                var value = matrix[mx, my] ? (byte)0 : (byte)255;
                FillRectangle(left + mx * pixelsPerModule, top + my * pixelsPerModule, pixelsPerModule, pixelsPerModule, value);
            }
        }
    }

    /// <summary>Fills a rectangle with <paramref name="value"/>, clipped to the image.</summary>
    public void FillRectangle(int x, int y, int width, int height, byte value)
    {
        var x0 = Math.Max(0, x);
        var y0 = Math.Max(0, y);
        var x1 = Math.Min(Width, x + width);
        var y1 = Math.Min(Height, y + height);
        if (x0 >= x1) return;
        for (var yy = y0; yy < y1; yy++)
            Pixels.AsSpan(yy * Width + x0, x1 - x0).Fill(value);
    }

    /// <summary>
    /// Renders <paramref name="matrix"/> on white with <paramref name="pixelsPerModule"/> pixels per
    /// module and a quiet zone of <paramref name="quietZoneModules"/> modules on every side.
    /// </summary>
    public static GrayImage FromMatrix(BitMatrix matrix, int pixelsPerModule = PngWriter.DefaultPixelsPerModule, int quietZoneModules = PngWriter.DefaultQuietZoneModules)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelsPerModule);
        ArgumentOutOfRangeException.ThrowIfNegative(quietZoneModules);
        var width = checked((matrix.Width + 2 * quietZoneModules) * pixelsPerModule);
        var height = checked((matrix.Height + 2 * quietZoneModules) * pixelsPerModule);
        var image = new GrayImage(width, height);
        image.Draw(matrix, quietZoneModules * pixelsPerModule, quietZoneModules * pixelsPerModule, pixelsPerModule);
        return image;
    }

    private static byte[] NewWhite(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var pixels = new byte[checked(width * height)];
        pixels.AsSpan().Fill(255);
        return pixels;
    }

    private int Index(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"({x},{y}) is outside {Width}x{Height}");
        return y * Width + x;
    }
}
