using CsCheck;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Xunit;

namespace Ibis.Barcodes.Tests.Pdf417;

/// <summary>Hostile input to the reader and decompaction: never an exception, never a hang.</summary>
public sealed class FuzzTests
{
    [Fact]
    public void RandomImages_NeverThrow()
    {
        Gen.Int[1, 300].Select(Gen.Int[1, 200], Gen.Int[0, 3], Gen.Int)
            .Sample((w, h, style, seed) =>
            {
                var random = new Random(seed);
                var pixels = new byte[w * h];
                switch (style)
                {
                    case 0:
                        random.NextBytes(pixels);
                        break;
                    case 1:
                        // Bars: vertical stripes of random widths, the shape that start patterns have.
                        for (var x = 0; x < w;)
                        {
                            var run = random.Next(1, 12);
                            var v = (byte)(random.Next(2) * 255);
                            for (var k = 0; k < run && x < w; k++, x++)
                            {
                                for (var y = 0; y < h; y++) pixels[y * w + x] = v;
                            }
                        }
                        break;
                    default:
                        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(random.Next(2) * 255);
                        break;
                }
                var result = Pdf417Reader.Read(pixels, w, h);
                return result.Success ? result.Data is not null : result.Error is not null;
            }, iter: 300);
    }

    [Fact]
    public void DamagedSymbols_NeverThrow_AndNeverReturnOtherBytes()
    {
        var random = new Random(7);
        for (var i = 0; i < 150; i++)
        {
            var payload = CompactionTests.MixedPayload(random, random.Next(1, 80));
            var matrix = Pdf417Encoder.Encode(payload, new Pdf417Options { ErrorCorrectionLevel = 2 + i % 5, Columns = 3 + i % 8 });
            var image = ReaderTests.Render(matrix, 2 + i % 2, 2);
            var pixels = (byte[])image.Pixels.Clone();
            var flips = random.Next(0, pixels.Length / 8);
            for (var k = 0; k < flips; k++)
            {
                var p = random.Next(pixels.Length);
                pixels[p] = (byte)(255 - pixels[p]);
            }
            var result = Pdf417Reader.Read(pixels, image.Width, image.Height);
            Assert.True(!result.Success || result.Data!.AsSpan().SequenceEqual(payload), $"#{i}: wrong bytes, {result}");
        }
    }

    [Fact]
    public void RandomCodewords_IntoDecompaction_NeverThrow()
    {
        Gen.Int[0, 928].Array[0, 200].Sample(cw =>
        {
            _ = Decompaction.Decode(cw);
        }, iter: 5000);
    }

    [Fact]
    public void OddBuffers_AreRejected()
    {
        Assert.False(Pdf417Reader.Read(new byte[3], 2, 2).Success);
        Assert.False(Pdf417Reader.Read(new byte[4], -2, -2).Success);
        Assert.False(Pdf417Reader.Read(new byte[4], int.MaxValue, 2).Success);
        Assert.True(Pdf417Reader.Read(new GrayImage(50, 50)).Error is not null);
    }
}
