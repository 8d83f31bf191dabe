using System.Buffers.Binary;
using System.Text;
using Xunit;

namespace Ibis.Rendering.Tests;

public class PngDpiTests
{
    [Theory]
    [InlineData(300, 11811u)]
    [InlineData(600, 23622u)]
    [InlineData(203, 7992u)]
    [InlineData(72, 2835u)]
    public void Pixels_per_metre_rounds_to_nearest(int dpi, uint expected) =>
        Assert.Equal(expected, PngDpi.PixelsPerMetre(dpi));

    [Fact]
    public void Crc32_matches_the_png_reference_value_for_IEND() =>
        Assert.Equal(0xAE426082u, PngDpi.Crc32("IEND"u8));

    /// <summary>Reads every chunk, checking each CRC; returns (type, data) in file order.</summary>
    internal static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        var chunks = new List<(string, byte[])>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(PngDpi.Crc32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            offset += 12 + length;
        }
        return chunks;
    }
}
