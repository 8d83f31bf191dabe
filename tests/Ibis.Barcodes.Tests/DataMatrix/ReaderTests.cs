using System.Diagnostics;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Tests.Support;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

public sealed class ReaderTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Read_CleanSymbols_AtIntegerModuleSizes(int pixelsPerModule)
    {
        var random = new Random(pixelsPerModule);
        for (var i = 0; i < 40; i++)
        {
            var payload = Payloads.Make(random, (Payloads.Kind)(i % 3), random.Next(1, 400));
            var matrix = DataMatrixEncoder.Encode(payload);
            var result = DataMatrixReader.Read(GrayImage.FromMatrix(matrix, pixelsPerModule, 2));
            Assert.True(result.Success, result.ToString());
            Assert.Equal(payload, result.Data);
            Assert.Equal(0, result.CorrectedErrors);
            Assert.Equal((matrix.Width, matrix.Height), result.SymbolSize);
        }
    }

    [Fact]
    public void Read_EverySize_IncludingBoth144Layouts()
    {
        foreach (var size in DataMatrixEncoder.SquareSizes)
        {
            var payload = "Ibis PC Postage"u8[..Math.Min(15, SymbolInfo.Find(size, size)!.DataCodewords)].ToArray();
            foreach (var iso in new[] { false, true })
            {
                var matrix = DataMatrixEncoder.Encode(payload, new DataMatrixOptions { Size = size, Iso144Interleaving = iso });
                var result = DataMatrixReader.Read(GrayImage.FromMatrix(matrix, 2, 1));
                Assert.True(result.Success, $"{size} iso={iso}: {result}");
                Assert.Equal(payload, result.Data);
            }
        }
    }

    [Fact]
    public void Read_RectangularSymbols()
    {
        var random = new Random(18);
        foreach (var length in new[] { 3, 8, 14, 20, 30, 45 })
        {
            var payload = Payloads.Make(random, Payloads.Kind.Text, length);
            var matrix = DataMatrixEncoder.Encode(payload, new DataMatrixOptions { Shape = DataMatrixShape.Rectangular });
            Assert.NotEqual(matrix.Width, matrix.Height);
            var result = DataMatrixReader.Read(GrayImage.FromMatrix(matrix, 3, 2));
            Assert.True(result.Success, result.ToString());
            Assert.Equal(payload, result.Data);
        }
    }

    [Theory]
    [InlineData(2.5)]
    [InlineData(2.3)]
    [InlineData(3.7)]
    [InlineData(4.5)]
    public void Read_NonIntegerModuleSizes(double pixelsPerModule)
    {
        var random = new Random((int)(pixelsPerModule * 10));
        for (var i = 0; i < 15; i++)
        {
            var payload = Payloads.Make(random, (Payloads.Kind)(i % 3), random.Next(1, 200));
            var matrix = DataMatrixEncoder.Encode(payload);
            var image = Scaled(matrix, pixelsPerModule, quietZone: 3);
            var result = DataMatrixReader.Read(image);
            Assert.True(result.Success, $"{matrix.Width}: {result}");
            Assert.Equal(payload, result.Data);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Read_SymbolInsideALabel_WithTextAndFimBars(int pixelsPerModule)
    {
        var random = new Random(100 + pixelsPerModule);
        for (var i = 0; i < 10; i++)
        {
            var payload = Payloads.Indicium(random.Next(100, 140));
            var matrix = DataMatrixEncoder.Encode(payload, new DataMatrixOptions { Size = 44, Encodation = DataMatrixEncodation.Base256 });
            var image = Label(random, matrix, pixelsPerModule);
            var result = DataMatrixReader.Read(image);
            Assert.True(result.Success, result.ToString());
            Assert.Equal(payload, result.Data);
        }
    }

    [Fact]
    public void Read_AntialiasedRendering_AtFractionalModuleSize()
    {
        // Render at 10 px per module and box-filter down by 4: 2.5 px modules with gray edges.
        var random = new Random(25);
        for (var i = 0; i < 10; i++)
        {
            var payload = Payloads.Make(random, (Payloads.Kind)(i % 3), random.Next(1, 150));
            var matrix = DataMatrixEncoder.Encode(payload);
            var sharp = GrayImage.FromMatrix(matrix, 10, 2);
            var image = new GrayImage(sharp.Width / 4, sharp.Height / 4);
            for (var y = 0; y < image.Height; y++)
                for (var x = 0; x < image.Width; x++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < 4; dy++)
                        for (var dx = 0; dx < 4; dx++) sum += sharp[4 * x + dx, 4 * y + dy];
                    image[x, y] = (byte)(sum / 16);
                }
            var result = DataMatrixReader.Read(image);
            Assert.True(result.Success, $"{matrix.Width}: {result}");
            Assert.Equal(payload, result.Data);
        }
    }

    [Fact]
    public void Read_TextTouchingTheSymbolFromAbove()
    {
        var payload = Payloads.Indicium();
        var matrix = DataMatrixEncoder.Encode(payload, new DataMatrixOptions { Size = 44 });
        var image = new GrayImage(400, 300);
        image.Draw(matrix, 100, 100, 3);
        image.FillRectangle(95, 60, 3 * 44 + 10, 40, 0); // a dark banner right on top of the symbol
        var result = DataMatrixReader.Read(image);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(payload, result.Data);
    }

    [Fact]
    public void Read_GrayAndLowContrastPrint()
    {
        var payload = "gray ink on gray paper"u8.ToArray();
        var matrix = DataMatrixEncoder.Encode(payload);
        var image = GrayImage.FromMatrix(matrix, 3, 2);
        for (var i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = image.Pixels[i] == 0 ? (byte)90 : (byte)170;
        var result = DataMatrixReader.Read(image);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(payload, result.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(12)]
    public void Read_FlippedModules_AreCorrected(int flippedCodewords)
    {
        var payload = Payloads.Indicium();
        var matrix = DataMatrixEncoder.Encode(payload, new DataMatrixOptions { Size = 44, Encodation = DataMatrixEncodation.Base256 });
        // Flip one data module in each of several distinct codewords (44×44: 56 check codewords, up to 28 repairable).
        var symbol = SymbolInfo.Find(44, 44)!;
        var random = new Random(flippedCodewords);
        var hit = new HashSet<int>();
        var placement = symbol.Placement.ToArray();
        while (hit.Count < flippedCodewords)
        {
            var r = random.Next(symbol.MappingRows);
            var c = random.Next(symbol.MappingColumns);
            var p = placement[r * symbol.MappingColumns + c];
            if (p < 0 || !hit.Add(p >> 3)) continue;
            var x = c / symbol.RegionColumns * (symbol.RegionColumns + 2) + 1 + c % symbol.RegionColumns;
            var y = r / symbol.RegionRows * (symbol.RegionRows + 2) + 1 + r % symbol.RegionRows;
            matrix[x, y] = !matrix[x, y];
        }
        var result = DataMatrixReader.Read(GrayImage.FromMatrix(matrix, 3, 2));
        Assert.True(result.Success, result.ToString());
        Assert.Equal(payload, result.Data);
        Assert.Equal(flippedCodewords, result.CorrectedErrors);
    }

    [Fact]
    public void Read_ASmudgedBlock_IsCorrected()
    {
        var payload = Payloads.Indicium();
        var matrix = DataMatrixEncoder.Encode(payload, new DataMatrixOptions { Size = 44 });
        var image = GrayImage.FromMatrix(matrix, 4, 2);
        image.FillRectangle(8 + 4 * 15, 8 + 4 * 15, 4 * 4, 4 * 3, 0); // a 4×3-module ink blot in the middle
        var result = DataMatrixReader.Read(image);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(payload, result.Data);
        Assert.True(result.CorrectedErrors > 0);
    }

    [Fact]
    public void Read_TooDamaged_FailsWithAReason()
    {
        var matrix = DataMatrixEncoder.Encode(Payloads.Indicium(), new DataMatrixOptions { Size = 44 });
        var image = GrayImage.FromMatrix(matrix, 3, 2);
        var random = new Random(3);
        for (var i = 0; i < 200; i++) image.FillRectangle(6 + 3 * random.Next(1, 43), 6 + 3 * random.Next(1, 43), 3, 3, (byte)(random.Next(2) * 255));
        var result = DataMatrixReader.Read(image);
        Assert.False(result.Success);
        Assert.Null(result.Data);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    public static TheoryData<string, int, int> BadBuffers => new()
    {
        { "zero width", 0, 10 },
        { "negative height", 10, -1 },
        { "buffer too small", 100, 100 },
        { "tiny", 5, 5 },
    };

    [Theory]
    [MemberData(nameof(BadBuffers))]
    public void Read_BadArguments_FailWithoutThrowing(string name, int width, int height)
    {
        Assert.NotNull(name);
        var result = DataMatrixReader.Read(new byte[25], width, height);
        Assert.False(result.Success);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Read_Garbage_NeverThrowsNorHangs()
    {
        var random = new Random(666);
        var watch = Stopwatch.StartNew();
        var symbolImage = GrayImage.FromMatrix(DataMatrixEncoder.Encode(Payloads.Indicium()), 3, 2);
        for (var i = 0; i < 300; i++)
        {
            int width = random.Next(1, 300), height = random.Next(1, 300);
            var pixels = new byte[width * height];
            switch (i % 6)
            {
                case 0: random.NextBytes(pixels); break;                                  // noise
                case 1: Array.Fill(pixels, (byte)(random.Next(2) * 255)); break;          // flat
                case 2:                                                                   // checkers and stripes
                    var cell = random.Next(1, 6);
                    for (var y = 0; y < height; y++)
                        for (var x = 0; x < width; x++)
                            pixels[y * width + x] = (byte)((x / cell + (i % 12 == 2 ? 0 : y / cell)) % 2 * 255);
                    break;
                case 3:                                                                   // nested L shapes
                    Array.Fill(pixels, (byte)255);
                    for (var k = 0; k < 30; k++)
                    {
                        int x0 = random.Next(width), y0 = random.Next(height), len = random.Next(16, 200);
                        for (var t = 0; t < len; t++)
                        {
                            if (x0 + t < width) pixels[y0 * width + x0 + t] = 0;
                            if (y0 - t >= 0) pixels[(y0 - t) * width + x0] = 0;
                        }
                    }
                    break;
                case 4:                                                                   // a real symbol, mangled
                    width = symbolImage.Width;
                    height = symbolImage.Height;
                    pixels = (byte[])symbolImage.Pixels.Clone();
                    for (var k = 0; k < 2000; k++) pixels[random.Next(pixels.Length)] ^= 0xFF;
                    break;
                default:                                                                  // random blocks
                    Array.Fill(pixels, (byte)255);
                    for (var k = 0; k < 40; k++)
                    {
                        int x0 = random.Next(width), y0 = random.Next(height), w = random.Next(1, 60), h = random.Next(1, 60);
                        for (var y = y0; y < Math.Min(height, y0 + h); y++)
                            pixels.AsSpan(y * width + x0, Math.Min(w, width - x0)).Fill((byte)random.Next(256));
                    }
                    break;
            }
            var result = DataMatrixReader.Read(pixels, width, height);
            if (i % 6 != 4) Assert.False(result.Success, $"case {i} decoded garbage");
            Assert.Equal(result.Success, result.Error is null);
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"garbage took {watch.Elapsed}");
    }

    [Fact]
    public void Read_LargeAdversarialPatterns_AreBounded()
    {
        // Combs: long vertical bars with many 16 px horizontal teeth, each tooth a candidate bottom edge.
        const int size = 1500;
        var pixels = new byte[size * size];
        Array.Fill(pixels, (byte)255);
        for (var x0 = 0; x0 + 20 < size; x0 += 20)
            for (var y = 0; y < size; y++)
            {
                pixels[y * size + x0] = 0;
                pixels[y * size + x0 + 1] = 0;
                if (y % 2 == 0) pixels.AsSpan(y * size + x0, 17).Fill(0);
            }
        var watch = Stopwatch.StartNew();
        var result = DataMatrixReader.Read(pixels, size, size);
        Assert.False(result.Success);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Read_LargeBlankOrBlackImages_AreQuick()
    {
        var watch = Stopwatch.StartNew();
        var white = new byte[2000 * 2000];
        Array.Fill(white, (byte)255);
        Assert.False(DataMatrixReader.Read(white, 2000, 2000).Success);
        Assert.False(DataMatrixReader.Read(new byte[2000 * 2000], 2000, 2000).Success);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"took {watch.Elapsed}");
    }

    /// <summary>Nearest-neighbour rendering at a fractional module size, as a scaled scan would be.</summary>
    internal static GrayImage Scaled(BitMatrix matrix, double pixelsPerModule, int quietZone)
    {
        var width = (int)Math.Ceiling((matrix.Width + 2 * quietZone) * pixelsPerModule);
        var height = (int)Math.Ceiling((matrix.Height + 2 * quietZone) * pixelsPerModule);
        var image = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var my = (int)Math.Floor(y / pixelsPerModule) - quietZone;
            for (var x = 0; x < width; x++)
            {
                var mx = (int)Math.Floor(x / pixelsPerModule) - quietZone;
                if ((uint)mx < (uint)matrix.Width && (uint)my < (uint)matrix.Height && matrix[mx, my]) image[x, y] = 0;
            }
        }
        return image;
    }

    /// <summary>
    /// An indicium-like label: lines of "text" blobs above and below, FIM-style vertical bars left and
    /// right, the symbol at an arbitrary offset with a two-module quiet zone.
    /// </summary>
    internal static GrayImage Label(Random random, BitMatrix matrix, int pixelsPerModule)
    {
        var side = matrix.Width * pixelsPerModule;
        var quiet = 2 * pixelsPerModule;
        var left = 60 + random.Next(40);
        var top = 50 + random.Next(40);
        var image = new GrayImage(left + side + 160, top + side + 80);
        image.Draw(matrix, left, top, pixelsPerModule);

        // Text: rows of glyph-sized blobs with strokes, above and below the symbol and to its right.
        for (var line = 0; line < 3; line++)
        {
            var y = line switch { 0 => 10, 1 => top + side + quiet + 10, _ => top + side / 3 };
            var x = line == 2 ? left + side + quiet + 20 : 10;
            var end = line == 2 ? image.Width - 10 : image.Width - 20;
            while (x < end)
            {
                var glyphWidth = 5 + random.Next(6);
                image.FillRectangle(x, y, 2, 14, 0);
                image.FillRectangle(x, y + random.Next(12), glyphWidth, 2, 0);
                image.FillRectangle(x + glyphWidth - 2, y + random.Next(7), 2, 7, 0);
                x += glyphWidth + 3 + (random.Next(6) == 0 ? 8 : 0);
            }
        }

        // FIM: vertical bars 1/32 inch wide (about 9 px at 300 dpi), one left and two right of the symbol.
        image.FillRectangle(left - quiet - 30, top - 10, 9, side + 20, 0);
        image.FillRectangle(left + side + quiet + 10, top + side / 2, 9, side / 2 + 20, 0);
        image.FillRectangle(left + side + quiet + 30, top + side / 2, 9, side / 2 + 20, 0);

        // Specks of dust and a faint gray background texture.
        for (var i = 0; i < 60; i++)
            image.FillRectangle(random.Next(image.Width), random.Next(image.Height), 1 + random.Next(2), 1 + random.Next(2), 0);
        for (var i = 0; i < image.Pixels.Length; i++)
            if (image.Pixels[i] == 255) image.Pixels[i] = (byte)(225 + random.Next(31));
        return image;
    }
}
