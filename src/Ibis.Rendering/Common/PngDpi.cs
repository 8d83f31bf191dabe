using System.Buffers.Binary;
using System.Text;

namespace Ibis.Rendering;

/// <summary>
/// Records the print resolution in a PNG. Skia's encoder writes no pHYs chunk and has no option
/// for one, so a printer or viewer would otherwise guess the size (usually 72 or 96 dpi) and an
/// indicium would come out at the wrong physical size.
/// </summary>
public static class PngDpi
{
    private const int IhdrEnd = 8 + 4 + 4 + 13 + 4; // signature + IHDR (length, type, 13 data bytes, CRC)

    /// <summary>Pixels per metre for <paramref name="dpi"/>, as the pHYs chunk stores it (300 dpi → 11811).</summary>
    public static uint PixelsPerMetre(int dpi) => (uint)Math.Round(dpi / 0.0254, MidpointRounding.AwayFromZero);

    /// <summary>Returns a copy of <paramref name="png"/> with a pHYs chunk right after IHDR.</summary>
    public static byte[] Insert(ReadOnlySpan<byte> png, int dpi)
    {
        if (png.Length < IhdrEnd || !png[12..16].SequenceEqual("IHDR"u8))
            throw new ArgumentException("Not a PNG stream starting with IHDR.", nameof(png));

        Span<byte> chunk = stackalloc byte[4 + 4 + 9 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, 9);
        Encoding.ASCII.GetBytes("pHYs", chunk[4..8]);
        var ppm = PixelsPerMetre(dpi);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[8..], ppm);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[12..], ppm);
        chunk[16] = 1; // unit: metre
        BinaryPrimitives.WriteUInt32BigEndian(chunk[17..], Crc32(chunk[4..17]));

        var result = new byte[png.Length + chunk.Length];
        png[..IhdrEnd].CopyTo(result);
        chunk.CopyTo(result.AsSpan(IhdrEnd));
        png[IhdrEnd..].CopyTo(result.AsSpan(IhdrEnd + chunk.Length));
        return result;
    }

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>The CRC-32 of ISO 3309 / PNG (polynomial 0xEDB88320), over chunk type and data.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
