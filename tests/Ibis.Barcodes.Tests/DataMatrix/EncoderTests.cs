using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Tests.Support;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

public sealed class EncoderTests
{
    public static TheoryData<string, byte[]> LibdmtxVectors => new()
    {
        // Full codeword streams printed by `dmtxwrite -c -e a` (libdmtx 0.7.7): data, padding, checks.
        { "A", [66, 129, 70, 138, 234, 82, 82, 95] },
        { "Hello, World", [73, 102, 109, 109, 112, 45, 33, 88, 112, 115, 109, 101, 111, 48, 203, 54, 226, 99, 159, 110, 155, 81, 153, 248] },
        {
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            [66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91,
             131, 153, 175, 197, 219, 129, 240, 136, 31, 181, 184, 30, 59, 43, 180, 172, 138, 41, 46, 175, 125, 38,
             223, 153, 58, 206, 84, 124, 146, 152, 164, 229, 167, 207]
        },
    };

    [Theory]
    [MemberData(nameof(LibdmtxVectors))]
    public void Codewords_MatchLibdmtx(string text, byte[] expected)
    {
        var codewords = new byte[2178];
        var symbol = DataMatrixEncoder.EncodeCodewords(System.Text.Encoding.ASCII.GetBytes(text), new DataMatrixOptions { Encodation = DataMatrixEncodation.Ascii }, codewords);
        Assert.Equal(expected, codewords[..symbol.TotalCodewords]);
    }

    [Fact]
    public void Encode_123456_IsTheAnnexSymbol()
    {
        var m = DataMatrixEncoder.Encode("123456"u8);
        Assert.Equal((10, 10), (m.Width, m.Height));
        // Finder: solid left column and bottom row; timing: alternating top row and right column.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(m[0, i]);
            Assert.True(m[i, 9]);
            Assert.Equal(i % 2 == 0, m[i, 0]);
            Assert.Equal(i % 2 == 1, m[9, i]);
        }
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(120)]
    [InlineData(144)]
    public void Encode_LargeSizes_HaveFinderAndTimingAroundEveryRegion(int size)
    {
        var m = DataMatrixEncoder.Encode("x"u8, new DataMatrixOptions { Size = size });
        var symbol = SymbolInfo.Find(size, size)!;
        var pitch = symbol.RegionRows + 2;
        for (var region = 0; region < size / pitch; region++)
        {
            var y0 = region * pitch;
            for (var x = 0; x < size; x++)
            {
                Assert.True(m[x, y0 + pitch - 1]);
                Assert.Equal(x % 2 == 0, m[x, y0]);
                Assert.True(m[y0, x]);
                Assert.Equal(x % 2 == 1, m[y0 + pitch - 1, x]);
            }
        }
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(3, 10)]
    [InlineData(4, 12)]
    [InlineData(5, 12)]
    [InlineData(6, 14)]
    [InlineData(62, 32)]
    [InlineData(63, 36)]
    [InlineData(1558, 144)]
    public void Encode_PicksTheSmallestSquareThatFits(int textLength, int expectedSize)
    {
        // Upper-case letters cost one ASCII codeword each (Auto would pack them in C40).
        var data = Enumerable.Repeat((byte)'Q', textLength).ToArray();
        var m = DataMatrixEncoder.Encode(data, new DataMatrixOptions { Encodation = DataMatrixEncodation.Ascii });
        Assert.Equal((expectedSize, expectedSize), (m.Width, m.Height));
    }

    [Fact]
    public void Encode_IndiciumSizedBinary_FitsIn44OrSmaller()
    {
        foreach (var length in new[] { 120, 124, 130 })
        {
            var data = Payloads.Indicium(length);
            Assert.True(DataMatrixEncoder.Encode(data).Width <= 44);
            Assert.Equal(44, DataMatrixEncoder.Encode(data, new DataMatrixOptions { Encodation = DataMatrixEncodation.Base256 }).Width);
            Assert.Equal(44, DataMatrixEncoder.Encode(data, new DataMatrixOptions { Size = 44, Encodation = DataMatrixEncodation.Base256 }).Width);
        }
    }

    [Fact]
    public void Encode_TooLong_Throws()
    {
        static byte[] High(int n) => Enumerable.Repeat((byte)0xFF, n).ToArray();
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode(High(1556)));
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode(new byte[3117]));
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode(new byte[200], new DataMatrixOptions { Size = 44 }));
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode("ABCD"u8, new DataMatrixOptions { Size = 10 }));
        // The largest payloads that do fit.
        Assert.Equal(144, DataMatrixEncoder.Encode(High(1555)).Width);
        Assert.Equal(144, DataMatrixEncoder.Encode(new byte[1558]).Width);
        Assert.Equal(144, DataMatrixEncoder.Encode(Enumerable.Repeat((byte)'5', 3116).ToArray()).Width);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(0)]
    [InlineData(146)]
    [InlineData(-10)]
    public void Encode_UnknownForcedSize_Throws(int size)
    {
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode("1"u8, new DataMatrixOptions { Size = size }));
    }

    [Theory]
    [InlineData(1, 18, 8)]
    [InlineData(5, 18, 8)]
    [InlineData(6, 32, 8)]
    [InlineData(16, 26, 12)]
    [InlineData(22, 36, 12)]
    [InlineData(32, 36, 16)]
    [InlineData(49, 48, 16)]
    public void Encode_Rectangular_PicksTheSmallestRectangle(int letters, int width, int height)
    {
        var data = Enumerable.Repeat((byte)'R', letters).ToArray();
        var m = DataMatrixEncoder.Encode(data, new DataMatrixOptions { Shape = DataMatrixShape.Rectangular, Encodation = DataMatrixEncodation.Ascii });
        Assert.Equal((width, height), (m.Width, m.Height));
    }

    [Fact]
    public void Encode_Rectangular_TooLong_Throws()
    {
        var data = Enumerable.Repeat((byte)'R', 50).ToArray();
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode(data, new DataMatrixOptions { Shape = DataMatrixShape.Rectangular, Encodation = DataMatrixEncodation.Ascii }));
        // C40 packs three letters in two codewords: the latch and 72 letters fill 16×48's 49 codewords.
        Assert.Equal((48, 16), Size(DataMatrixEncoder.Encode(Enumerable.Repeat((byte)'R', 72).ToArray(), new DataMatrixOptions { Shape = DataMatrixShape.Rectangular })));
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode(Enumerable.Repeat((byte)'R', 73).ToArray(), new DataMatrixOptions { Shape = DataMatrixShape.Rectangular }));
    }

    private static (int Width, int Height) Size(BitMatrix m) => (m.Width, m.Height);

    [Theory]
    [InlineData(8, 18)]
    [InlineData(8, 32)]
    [InlineData(12, 26)]
    [InlineData(12, 36)]
    [InlineData(16, 36)]
    [InlineData(16, 48)]
    public void Encode_ForcedRectangle_HasThatSize(int rows, int columns)
    {
        var m = DataMatrixEncoder.Encode("Ib"u8, new DataMatrixOptions { Size = rows, Columns = columns });
        Assert.Equal((columns, rows), Size(m));
    }

    [Fact]
    public void Encode_ForcedColumnsWithoutRowsOrUnknownRectangle_Throws()
    {
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode("1"u8, new DataMatrixOptions { Columns = 18 }));
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode("1"u8, new DataMatrixOptions { Size = 8, Columns = 20 }));
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode("1"u8, new DataMatrixOptions { Shape = (DataMatrixShape)7 }));
        Assert.Throws<ArgumentException>(() => DataMatrixEncoder.Encode("1"u8, new DataMatrixOptions { Encodation = (DataMatrixEncodation)99 }));
    }

    [Theory]
    [InlineData(1, 10, 10)]     // 3 codewords: 10×10 beats 8×18 (5)
    [InlineData(5, 12, 12)]     // 5: 12×12 and 8×18 tie, square wins
    [InlineData(10, 32, 8)]     // 10: 8×32 beats 16×16 (12)
    [InlineData(16, 26, 12)]    // 16: 12×26 beats 18×18 (18)
    [InlineData(22, 20, 20)]    // 22: 20×20 and 12×36 tie, square wins
    [InlineData(32, 36, 16)]    // 32: 16×36 beats 24×24 (36)
    [InlineData(49, 48, 16)]    // 49: 16×48 beats 32×32 (62)
    [InlineData(50, 32, 32)]
    public void Encode_AnyShape_PicksTheFewestDataCodewords(int asciiCodewords, int width, int height)
    {
        var data = Enumerable.Repeat((byte)'q', asciiCodewords).ToArray();
        var m = DataMatrixEncoder.Encode(data, new DataMatrixOptions { Shape = DataMatrixShape.Any, Encodation = DataMatrixEncodation.Ascii });
        Assert.Equal((width, height), Size(m));
    }

    [Fact]
    public void SquareSizes_AreTheTwentyFourOfTheStandard()
    {
        Assert.Equal(
            [10, 12, 14, 16, 18, 20, 22, 24, 26, 32, 36, 40, 44, 48, 52, 64, 72, 80, 88, 96, 104, 120, 132, 144],
            DataMatrixEncoder.SquareSizes);
    }

    [Fact]
    public void Placement_UsesEveryBitOfEveryCodewordExactlyOnce()
    {
        foreach (var symbol in SymbolInfo.All)
        {
            var seen = new bool[symbol.TotalCodewords * 8];
            foreach (var p in symbol.Placement)
            {
                if (p < 0) continue;
                Assert.False(seen[p], $"{symbol}: bit {p} placed twice");
                seen[p] = true;
            }
            Assert.All(seen, Assert.True);
        }
    }
}
