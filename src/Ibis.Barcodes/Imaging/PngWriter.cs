using System.Buffers.Binary;
using System.IO.Compression;

namespace Ibis.Barcodes.Imaging;

/// <summary>
/// A minimal PNG writer (ISO/IEC 15948) for barcodes: 1-bit grayscale for module matrices, 8-bit
/// grayscale for arbitrary rasters. Uses only the BCL (zlib from System.IO.Compression).
/// </summary>
public static class PngWriter
{
    /// <summary>Default pixels per module when rendering a <see cref="BitMatrix"/>.</summary>
    public const int DefaultPixelsPerModule = 4;

    /// <summary>
    /// Default quiet zone in modules. ISO/IEC 16022 asks for one; two leaves room for readers that
    /// search for the finder edge against white.
    /// </summary>
    public const int DefaultQuietZoneModules = 2;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Renders <paramref name="matrix"/> (dark modules black) as a 1-bit grayscale PNG with
    /// <paramref name="pixelsPerModule"/> pixels per module and a white quiet zone of
    /// <paramref name="quietZoneModules"/> modules on every side.
    /// </summary>
    public static byte[] Encode(BitMatrix matrix, int pixelsPerModule = DefaultPixelsPerModule, int quietZoneModules = DefaultQuietZoneModules)
    {
        using var stream = new MemoryStream();
        Write(stream, matrix, pixelsPerModule, quietZoneModules);
        return stream.ToArray();
    }

    /// <summary>Writes what <see cref="Encode(BitMatrix, int, int)"/> returns to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, BitMatrix matrix, int pixelsPerModule = DefaultPixelsPerModule, int quietZoneModules = DefaultQuietZoneModules)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelsPerModule);
        ArgumentOutOfRangeException.ThrowIfNegative(quietZoneModules);
        var width = checked((matrix.Width + 2 * quietZoneModules) * pixelsPerModule);
        var height = checked((matrix.Height + 2 * quietZoneModules) * pixelsPerModule);
        var stride = (width + 7) / 8;

        // One scanline per module row, repeated pixelsPerModule times; bit 1 = white.
        // Filter byte 0, then packed pixels; unused low bits of the last byte are ignored by decoders.
        var line = new byte[1 + stride];
        var blank = new byte[1 + stride];
        blank.AsSpan(1).Fill(0xFF);

        using var compressed = new MemoryStream();
        using (var idat = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < quietZoneModules * pixelsPerModule; y++) idat.Write(blank);
            for (var my = 0; my < matrix.Height; my++)
            {
                line.AsSpan(1).Fill(0xFF);
                for (var mx = 0; mx < matrix.Width; mx++)
                {
                    if (!matrix[mx, my]) continue;
                    var x0 = (quietZoneModules + mx) * pixelsPerModule;
                    for (var x = x0; x < x0 + pixelsPerModule; x++)
                        line[1 + (x >> 3)] &= (byte)~(0x80 >> (x & 7));
                }
                // One scanline per module row, repeated; bit 1 = white.
                for (var r = 0; r < pixelsPerModule; r++) idat.Write(line);
            }
            for (var y = 0; y < quietZoneModules * pixelsPerModule; y++) idat.Write(blank);
        }
        WriteImage(stream, width, height, bitDepth: 1, compressed);
    }

    /// <summary>Encodes an 8-bit grayscale raster (row-major, 0 = black) as a PNG.</summary>
    public static byte[] EncodeGray8(ReadOnlySpan<byte> pixels, int width, int height)
    {
        using var stream = new MemoryStream();
        WriteGray8(stream, pixels, width, height);
        return stream.ToArray();
    }

    /// <summary>Encodes <paramref name="image"/> as an 8-bit grayscale PNG.</summary>
    public static byte[] EncodeGray8(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return EncodeGray8(image.Pixels, image.Width, image.Height);
    }

    /// <summary>Writes an 8-bit grayscale raster (row-major, 0 = black) as a PNG to <paramref name="stream"/>.</summary>
    public static void WriteGray8(Stream stream, ReadOnlySpan<byte> pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height != pixels.Length)
            throw new ArgumentException($"{pixels.Length} bytes are not a {width}x{height} image.", nameof(pixels));

        using var compressed = new MemoryStream();
        using (var idat = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            ReadOnlySpan<byte> filterNone = [0];
            for (var y = 0; y < height; y++)
            {
                idat.Write(filterNone);
                idat.Write(pixels.Slice(y * width, width));
            }
        }
        WriteImage(stream, width, height, bitDepth: 8, compressed);
    }

    private static void WriteImage(Stream stream, int width, int height, byte bitDepth, MemoryStream compressedScanlines)
    {
        stream.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = bitDepth;
        ihdr[9] = 0;  // color type: grayscale
        ihdr[10] = 0; // compression: deflate
        ihdr[11] = 0; // filter method 0
        ihdr[12] = 0; // no interlace
        WriteChunk(stream, "IHDR"u8, ihdr);

        WriteChunk(stream, "IDAT"u8, compressedScanlines.GetBuffer().AsSpan(0, (int)compressedScanlines.Length));
        WriteChunk(stream, "IEND"u8, []);
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        type.CopyTo(header[4..]);
        stream.Write(header);
        stream.Write(data);
        var crc = Crc32.Append(Crc32.Compute(type), data);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc);
        stream.Write(trailer);
    }
}
