using System.Buffers.Binary;
using System.IO.Compression;
using Ibis.Barcodes.Imaging;

namespace Ibis.Barcodes.Tests.Support;

/// <summary>
/// Just enough of a PNG decoder to read back what our writer and the Debian tools produce:
/// grayscale (1/2/4/8-bit), RGB and RGBA at 8 bits, every filter type, no interlace.
/// </summary>
internal static class TestPng
{
    public static GrayImage Decode(byte[] png)
    {
        if (!png.AsSpan(0, 8).SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            throw new InvalidDataException("Not a PNG.");
        int width = 0, height = 0, bitDepth = 0, colorType = 0;
        using var idat = new MemoryStream();
        var pos = 8;
        while (pos + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            if (crc != Crc32.Compute(png.AsSpan(pos + 4, 4 + length))) throw new InvalidDataException($"Bad CRC in {type}.");
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    if (data[12] != 0) throw new NotSupportedException("Interlaced PNG.");
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            pos += 12 + length;
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"Color type {colorType}.") };
        if (colorType != 0 && bitDepth != 8) throw new NotSupportedException("Only 8-bit color.");
        var bitsPerPixel = channels * bitDepth;
        var stride = (width * bitsPerPixel + 7) / 8;
        var bpp = Math.Max(1, bitsPerPixel / 8);
        var raw = new byte[height * stride];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            var prev = new byte[stride];
            var line = new byte[stride + 1];
            for (var y = 0; y < height; y++)
            {
                z.ReadExactly(line);
                var cur = raw.AsSpan(y * stride, stride);
                for (var i = 0; i < stride; i++)
                {
                    int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                    var x = line[i + 1];
                    cur[i] = line[0] switch
                    {
                        0 => x,
                        1 => (byte)(x + a),
                        2 => (byte)(x + b),
                        3 => (byte)(x + (a + b) / 2),
                        4 => (byte)(x + Paeth(a, b, c)),
                        _ => throw new InvalidDataException("Bad filter."),
                    };
                }
                cur.CopyTo(prev);
            }
        }

        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * stride, stride);
            for (var x = 0; x < width; x++)
            {
                if (colorType == 0 && bitDepth < 8)
                {
                    var bit = x * bitDepth;
                    var v = (row[bit >> 3] >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
                    pixels[y * width + x] = (byte)(v * 255 / ((1 << bitDepth) - 1));
                }
                else if (colorType is 0 or 4)
                {
                    pixels[y * width + x] = row[x * channels];
                }
                else
                {
                    var p = row.Slice(x * channels, 3);
                    pixels[y * width + x] = (byte)((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000);
                }
            }
        }
        return new GrayImage(width, height, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
