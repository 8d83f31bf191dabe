using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Tests.Support;
using Xunit;

namespace Ibis.Barcodes.Tests.Imaging;

public sealed class PngWriterTests
{
    [Fact]
    public void Crc32_OfTheCheckString_IsTheStandardValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(7, 4)]
    public void Encode_Matrix_ReadsBackAsTheSameModules(int pixelsPerModule, int quietZone)
    {
        var matrix = DataMatrixEncoder.Encode("Ibis"u8);
        var image = TestPng.Decode(PngWriter.Encode(matrix, pixelsPerModule, quietZone));
        Assert.Equal((matrix.Width + 2 * quietZone) * pixelsPerModule, image.Width);
        Assert.Equal((matrix.Height + 2 * quietZone) * pixelsPerModule, image.Height);
        var expected = GrayImage.FromMatrix(matrix, pixelsPerModule, quietZone);
        Assert.Equal(expected.Pixels, image.Pixels);
    }

    [Fact]
    public void EncodeGray8_RoundTrips()
    {
        var random = new Random(8);
        var pixels = new byte[37 * 11];
        random.NextBytes(pixels);
        var image = TestPng.Decode(PngWriter.EncodeGray8(pixels, 37, 11));
        Assert.Equal((37, 11), (image.Width, image.Height));
        Assert.Equal(pixels, image.Pixels);
    }

    [Fact]
    public void Encode_Defaults_AreFourPixelsAndTwoModulesOfQuietZone()
    {
        var matrix = DataMatrixEncoder.Encode("1"u8);
        var image = TestPng.Decode(PngWriter.Encode(matrix));
        Assert.Equal((10 + 4) * 4, image.Width);
        Assert.Equal(255, image[7, 7]);
        Assert.Equal(0, image[8, 8]);
    }

    [Fact]
    public void Arguments_AreChecked()
    {
        var matrix = new BitMatrix(10, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.Encode(matrix, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.Encode(matrix, 2, -1));
        Assert.Throws<ArgumentException>(() => PngWriter.EncodeGray8(new byte[5], 2, 2));
    }
}
