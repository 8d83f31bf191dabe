using Ibis.Barcodes.Pdf417;
using Xunit;

namespace Ibis.Barcodes.Tests.Pdf417;

public sealed class EncoderTests
{
    [Fact]
    public void CodewordTable_HasFourBarsFourSpaces_SeventeenModules_AndTheClusterOfItsTable()
    {
        var seen = new HashSet<int>();
        for (var cluster = 0; cluster < 3; cluster++)
        {
            for (var value = 0; value < 929; value++)
            {
                var pattern = CodewordPatterns.Pattern(cluster, value);
                Assert.True(seen.Add(pattern), $"duplicate pattern {pattern:X5}");
                var widths = Widths(pattern, 17);
                Assert.Equal(8, widths.Count);
                Assert.All(widths, w => Assert.InRange(w, 1, 6));
                // ISO/IEC 15438 §4.3: cluster = (b1 − b2 + b3 − b4 + 9) mod 9 over the bar widths.
                Assert.Equal(3 * cluster, (widths[0] - widths[2] + widths[4] - widths[6] + 9) % 9);
                Assert.Equal((cluster, value), CodewordPatterns.Lookup(pattern));
            }
        }
    }

    [Fact]
    public void StartAndStopPatterns_Are81111113And711311121()
    {
        Assert.Equal([8, 1, 1, 1, 1, 1, 1, 3], Widths(CodewordPatterns.StartPattern, 17));
        Assert.Equal([7, 1, 1, 3, 1, 1, 1, 2, 1], Widths(CodewordPatterns.StopPattern, 18));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(4, 3)]
    [InlineData(30, 4)]
    public void Matrix_HasStartIndicatorsDataStopOnEveryRow(int columns, int rowHeight)
    {
        var matrix = Pdf417Encoder.Encode("Row indicators carry rows, columns and level."u8, new Pdf417Options { Columns = columns, RowHeight = rowHeight, ErrorCorrectionLevel = 3 });
        Assert.Equal(17 * columns + 69, matrix.Width);
        Assert.Equal(0, matrix.Height % rowHeight);
        var rows = matrix.Height / rowHeight;
        for (var r = 0; r < rows; r++)
        {
            for (var h = 0; h < rowHeight; h++)
            {
                var y = r * rowHeight + h;
                Assert.Equal(CodewordPatterns.StartPattern, Read(matrix, y, 0, 17));
                Assert.Equal(CodewordPatterns.StopPattern, Read(matrix, y, matrix.Width - 18, 18));
                var (cluster, left) = CodewordPatterns.Lookup(Read(matrix, y, 17, 17));
                var (rightCluster, right) = CodewordPatterns.Lookup(Read(matrix, y, matrix.Width - 35, 17));
                Assert.Equal(r % 3, cluster);
                Assert.Equal(r % 3, rightCluster);
                Assert.Equal(r / 3, left / 30);
                Assert.Equal(r / 3, right / 30);
                // §5.3.1: cluster 0 left = (rows−1)/3, right = columns−1; cluster 3 left = 3·level + (rows−1) mod 3; …
                var (expectedLeft, expectedRight) = (r % 3) switch
                {
                    0 => ((rows - 1) / 3, columns - 1),
                    1 => (3 * 3 + (rows - 1) % 3, (rows - 1) / 3),
                    _ => (columns - 1, 3 * 3 + (rows - 1) % 3),
                };
                Assert.Equal(expectedLeft, left % 30);
                Assert.Equal(expectedRight, right % 30);
            }
        }
    }

    [Theory]
    [InlineData(7, 2)]    // 37 data codewords
    [InlineData(8, 3)]    // 42
    [InlineData(31, 3)]   // 157
    [InlineData(32, 4)]   // 162
    [InlineData(63, 4)]   // 317
    [InlineData(64, 5)]   // 322
    [InlineData(150, 5)]  // 752
    public void DefaultLevel_FollowsAnnexE(int groupsOfSixBytes, int expected)
    {
        // Binary data in groups of six: descriptor + 924 latch + 5 codewords per group.
        var payload = new byte[groupsOfSixBytes * 6];
        Array.Fill(payload, (byte)0xC3);
        var codewords = new int[928];
        var layout = Pdf417Encoder.EncodeCodewords(payload, Pdf417Options.Default, codewords);
        Assert.Equal(expected, layout.Level);
    }

    [Fact]
    public void RecommendedLevel_Boundaries()
    {
        Assert.Equal(2, Pdf417Encoder.RecommendedLevel(40));
        Assert.Equal(3, Pdf417Encoder.RecommendedLevel(41));
        Assert.Equal(3, Pdf417Encoder.RecommendedLevel(160));
        Assert.Equal(4, Pdf417Encoder.RecommendedLevel(161));
        Assert.Equal(4, Pdf417Encoder.RecommendedLevel(320));
        Assert.Equal(5, Pdf417Encoder.RecommendedLevel(321));
        Assert.Equal(5, Pdf417Encoder.RecommendedLevel(863));
        Assert.Equal(6, Pdf417Encoder.RecommendedLevel(864));
    }

    [Fact]
    public void SymbolLengthDescriptor_CountsDataAndPadding_AndCheckCodewordsFollow()
    {
        var codewords = new int[928];
        var layout = Pdf417Encoder.EncodeCodewords("PDF417"u8, new Pdf417Options { ErrorCorrectionLevel = 1, Columns = 2 }, codewords);
        // Descriptor + 4 data + 4 check = 9 codewords in 2 columns: 5 rows, one pad codeword.
        Assert.Equal((5, 2, 1), (layout.Rows, layout.Columns, layout.Level));
        Assert.Equal(900, codewords[5]);
        var total = layout.Rows * layout.Columns;
        Assert.Equal(total - 4, codewords[0]);
        var word = codewords[..total];
        Assert.Equal(0, ReedSolomon929.Decode(word, 4, []));
    }

    [Fact]
    public void WorkedExample_PDF417_Level1_OneColumn()
    {
        var codewords = new int[928];
        var layout = Pdf417Encoder.EncodeCodewords("PDF417"u8, new Pdf417Options { ErrorCorrectionLevel = 1, Columns = 1, Rows = 9 }, codewords);
        Assert.Equal((9, 1, 1), (layout.Rows, layout.Columns, layout.Level));
        Assert.Equal([5, 453, 178, 121, 239, 452, 327, 657, 619], codewords[..9]);
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(1.0)]
    [InlineData(6.0)]
    public void AspectRatio_IsApproached(double ratio)
    {
        var payload = new byte[300];
        new Random(3).NextBytes(payload);
        var matrix = Pdf417Encoder.Encode(payload, new Pdf417Options { AspectRatio = ratio });
        var actual = (double)matrix.Width / matrix.Height;
        Assert.InRange(actual, ratio / 1.6, ratio * 1.6);
    }

    [Fact]
    public void ForcedRowsAndColumns_AreHonoured()
    {
        var matrix = Pdf417Encoder.Encode("12345"u8, new Pdf417Options { Rows = 10, Columns = 7, RowHeight = 2 });
        Assert.Equal(17 * 7 + 69, matrix.Width);
        Assert.Equal(20, matrix.Height);
    }

    [Fact]
    public void InvalidOptionsAndOversizedData_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pdf417Encoder.Encode("x"u8, new Pdf417Options { ErrorCorrectionLevel = 9 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pdf417Encoder.Encode("x"u8, new Pdf417Options { Columns = 31 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pdf417Encoder.Encode("x"u8, new Pdf417Options { Rows = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pdf417Encoder.Encode("x"u8, new Pdf417Options { AspectRatio = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pdf417Encoder.Encode("x"u8, new Pdf417Options { RowHeight = 0 }));
        Assert.Throws<ArgumentException>(() => Pdf417Encoder.Encode(new byte[1200]));
        Assert.Throws<ArgumentException>(() => Pdf417Encoder.Encode(new byte[100], new Pdf417Options { Rows = 3, Columns = 2 }));
        Assert.Throws<ArgumentException>(() => Pdf417Encoder.Encode(new byte[600], new Pdf417Options { ErrorCorrectionLevel = 8 }));
    }

    [Fact]
    public void LargestBinaryPayload_Fits()
    {
        // 928 − 2 check (level 0) − 1 descriptor − 1 latch = 924 codewords = 154 groups of six bytes.
        var payload = new byte[924 / 5 * 6];
        new Random(928).NextBytes(payload);
        var matrix = Pdf417Encoder.Encode(payload, new Pdf417Options { ErrorCorrectionLevel = 0 });
        Assert.True(matrix.Width > 0);
        var lotsOfDigits = new byte[2600];
        Array.Fill(lotsOfDigits, (byte)'9');
        Assert.True(Pdf417Encoder.Encode(lotsOfDigits, new Pdf417Options { ErrorCorrectionLevel = 1 }).Height > 0);
    }

    [Fact]
    public void EmptyPayload_EncodesAndReadsBack()
    {
        var matrix = Pdf417Encoder.Encode([]);
        var result = Pdf417Reader.Read(ReaderTests.Render(matrix, 3, 2));
        Assert.True(result.Success, result.ToString());
        Assert.Empty(result.Data!);
    }

    private static List<int> Widths(int pattern, int modules)
    {
        var widths = new List<int>();
        var current = -1;
        for (var i = modules - 1; i >= 0; i--)
        {
            var bit = (pattern >> i) & 1;
            if (bit == current) widths[^1]++;
            else
            {
                widths.Add(1);
                current = bit;
            }
        }
        return widths;
    }

    private static int Read(BitMatrix matrix, int y, int x, int modules)
    {
        var value = 0;
        for (var i = 0; i < modules; i++) value = (value << 1) | (matrix[x + i, y] ? 1 : 0);
        return value;
    }

    [Fact]
    public void Draw_EveryRowCarriesItsStartDataAndStopPatterns()
    {
        // Issue 4, speed: patterns are drawn eight modules per store; each must still read module by module.
        var random = new Random(4600);
        for (var trial = 0; trial < 20; trial++)
        {
            var payload = new byte[random.Next(1, 300)];
            random.NextBytes(payload);
            var options = new Pdf417Options { RowHeight = 1 + trial % 3 };
            var codewords = new int[Pdf417Encoder.MaxCodewords];
            var layout = Pdf417Encoder.EncodeCodewords(payload, options, codewords);
            var matrix = Pdf417Encoder.Encode(payload, options);
            Assert.Equal(17 * layout.Columns + 69, matrix.Width);
            for (var y = 0; y < matrix.Height; y++)
            {
                var row = y / options.RowHeight;
                Assert.Equal(CodewordPatterns.StartPattern, Read(matrix, 0, y, 17));
                Assert.Equal(CodewordPatterns.StopPattern, Read(matrix, matrix.Width - 18, y, 18));
                for (var j = 0; j < layout.Columns; j++)
                    Assert.Equal(CodewordPatterns.Pattern(row % 3, codewords[row * layout.Columns + j]), Read(matrix, 34 + 17 * j, y, 17));
            }
        }

        static int Read(BitMatrix m, int x, int y, int modules)
        {
            var pattern = 0;
            for (var i = 0; i < modules; i++) pattern = (pattern << 1) | (m[x + i, y] ? 1 : 0);
            return pattern;
        }
    }
}
