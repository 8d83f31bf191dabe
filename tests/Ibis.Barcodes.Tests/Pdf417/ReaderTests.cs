using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Ibis.Barcodes.Tests.Support;
using Xunit;

namespace Ibis.Barcodes.Tests.Pdf417;

public sealed class ReaderTests
{
    private static readonly byte[] s_payload = "ORIGIN 20260 POSTAGE $0.73 2026-03-14 ibis/psd#0042"u8.ToArray();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void Read_OwnRender_AtScale(int pixelsPerModule)
    {
        var image = Render(Pdf417Encoder.Encode(s_payload), pixelsPerModule, 2);
        var result = Pdf417Reader.Read(image);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(s_payload, result.Data);
        Assert.Equal(0, result.CorrectedErrors);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_QuarterTurns(int turns)
    {
        var image = Render(Pdf417Encoder.Encode(s_payload), 3, 3);
        for (var t = 0; t < turns; t++) image = RotateClockwise(image);
        var result = Pdf417Reader.Read(image);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(s_payload, result.Data);
    }

    [Fact]
    public void Read_SymbolInsideLargerImage_WithGrayBackgroundAndInk()
    {
        var symbol = Render(Pdf417Encoder.Encode(s_payload, new Pdf417Options { Columns = 4 }), 3, 2);
        var canvas = new byte[600 * 400];
        canvas.AsSpan().Fill(210);
        for (var y = 0; y < symbol.Height; y++)
        {
            for (var x = 0; x < symbol.Width; x++)
                canvas[(y + 100) * 600 + x + 150] = symbol.Pixels[y * symbol.Width + x] < 128 ? (byte)40 : (byte)230;
        }
        var result = Pdf417Reader.Read(canvas, 600, 400);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(s_payload, result.Data);
    }

    [Fact]
    public void Read_SmallSkew_IsSortedIntoRowsByCluster()
    {
        var symbol = Render(Pdf417Encoder.Encode(s_payload, new Pdf417Options { Columns = 6 }), 4, 3);
        // Shear by one pixel every 60 columns: lines cross into the neighbouring row near the right edge.
        var shear = new byte[symbol.Pixels.Length + symbol.Width * 12];
        var height = symbol.Height + 12;
        shear.AsSpan().Fill(255);
        for (var y = 0; y < symbol.Height; y++)
        {
            for (var x = 0; x < symbol.Width; x++) shear[(y + x / 60) * symbol.Width + x] = symbol.Pixels[y * symbol.Width + x];
        }
        var result = Pdf417Reader.Read(shear, symbol.Width, height);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(s_payload, result.Data);
    }

    [Fact]
    public void Read_DamagedCodewords_AreCorrectedAndCounted()
    {
        var options = new Pdf417Options { ErrorCorrectionLevel = 4, Columns = 5 };
        var matrix = Pdf417Encoder.Encode(s_payload, options);
        // Blank three whole codeword cells in different rows (columns of data, not indicators).
        foreach (var (row, column) in new[] { (0, 1), (3, 2), (5, 4) })
        {
            for (var y = row * 3; y < row * 3 + 3; y++)
            {
                for (var x = 34 + 17 * column; x < 34 + 17 * column + 17; x++) matrix[x, y] = false;
            }
        }
        var result = Pdf417Reader.Read(Render(matrix, 3, 2));
        Assert.True(result.Success, result.ToString());
        Assert.Equal(s_payload, result.Data);
        Assert.Equal(3, result.CorrectedErrors);
    }

    [Fact]
    public void Read_DamageBeyondCapacity_FailsWithoutWrongBytes()
    {
        var options = new Pdf417Options { ErrorCorrectionLevel = 0, Columns = 3 };
        var matrix = Pdf417Encoder.Encode(s_payload, options);
        for (var y = 0; y < matrix.Height; y++)
        {
            for (var x = 34 + 17; x < 34 + 34; x++) matrix[x, y] ^= (x + y) % 3 == 0;
        }
        var result = Pdf417Reader.Read(Render(matrix, 3, 2));
        Assert.True(!result.Success || result.Data!.AsSpan().SequenceEqual(s_payload), result.ToString());
    }

    [Fact]
    public void Read_NoSymbol_Fails()
    {
        var white = new byte[200 * 100];
        white.AsSpan().Fill(255);
        var result = Pdf417Reader.Read(white, 200, 100);
        Assert.False(result.Success);
        Assert.NotNull(result.Error);
        Assert.False(Pdf417Reader.Read([], 0, 0).Success);
        Assert.False(Pdf417Reader.Read(new byte[10], 5, 5).Success);
    }

    [SkippableTheory]
    [InlineData("Hello PDF417 world 1234567890", "600x200", "2")]
    [InlineData("ibis postage 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz !?", "900x300", "5")]
    [InlineData("12345678901234567890123456789012345678901234567890", "700x250", "3")]
    public void Read_ZXingWriterOutput(string text, string size, string ecc)
    {
        var writer = Ibis.Testing.Requires.Tool("ZXingWriter", "zxing-cpp-tools");
        using var dir = new TempDirectory();
        var file = dir.File("zx.png");
        var (exit, _, stderr) = ExternalTools.Run(writer, null, "-size", size, "-ecc", ecc, "PDF417", text, file);
        Assert.True(exit == 0, stderr);
        var result = Pdf417Reader.Read(TestPng.Decode(File.ReadAllBytes(file)));
        Assert.True(result.Success, result.ToString());
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(text), result.Data);
        Assert.Equal(int.Parse(ecc, System.Globalization.CultureInfo.InvariantCulture), result.ErrorCorrectionLevel);
    }

    internal static GrayImage Render(BitMatrix matrix, int pixelsPerModule, int quietZone) =>
        TestPng.Decode(PngWriter.Encode(matrix, pixelsPerModule, quietZone));

    private static GrayImage RotateClockwise(GrayImage image)
    {
        var (w, h) = (image.Width, image.Height);
        var pixels = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++) pixels[x * h + (h - 1 - y)] = image.Pixels[y * w + x];
        }
        return new GrayImage(h, w, pixels);
    }
}
