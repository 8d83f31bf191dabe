using System.Text;
using Ibis.Barcodes.DataMatrix;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

public sealed class EncodationTests
{
    public static TheoryData<string, byte[], byte[]> AsciiCases => new()
    {
        // name, input, expected data codewords before padding
        { "digit pairs", "123456"u8.ToArray(), [142, 164, 186] },
        { "single digit", "7"u8.ToArray(), [56] },
        { "odd digit at end", "123"u8.ToArray(), [142, 52] },
        { "odd digit before letter", "1a"u8.ToArray(), [50, 98] },
        { "digits split by a letter", "12a34"u8.ToArray(), [142, 98, 164] },
        { "00 and 99", "0099"u8.ToArray(), [130, 229] },
        { "letter", "A"u8.ToArray(), [66] },
        { "NUL", [0x00], [1] },
        { "DEL", [0x7F], [128] },
        { "upper shift low", [0x80], [235, 1] },
        { "upper shift high", [0xFF], [235, 128] },
        { "upper shift then digit", [0xE9, (byte)'5'], [235, 106, 54] },
        { "empty", [], [] },
    };

    [Theory]
    [MemberData(nameof(AsciiCases))]
    public void Ascii_EncodesAsTheStandardSays(string name, byte[] input, byte[] expected)
    {
        Assert.NotNull(name);
        var output = new byte[100];
        var n = Encodation.Encode(input, DataMatrixEncodation.Ascii, output);
        Assert.Equal(expected, output[..n]);
    }

    [Fact]
    public void Padding_IsFirst129ThenThe253StateSequence()
    {
        // "A" in 10×10: 66, then pad 129, then the randomised pad at position 3 (129 + 195 - 254 = 70).
        var output = new byte[3];
        var n = Encodation.Encode("A"u8, DataMatrixEncodation.Ascii, output);
        Encodation.AddPadding(output, n, 3);
        Assert.Equal(new byte[] { 66, 129, 70 }, output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(249)]
    [InlineData(250)]
    [InlineData(1555)]
    public void Base256_WritesLatchRandomisedLengthAndBytes(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var output = new byte[1558];
        var n = Encodation.Encode(data, DataMatrixEncodation.Base256, output);

        var header = length <= 249 ? 2 : 3;
        Assert.Equal(header + length, n);
        Assert.Equal(231, output[0]);
        // Undo the 255-state randomising independently of the production helper.
        static int Plain(byte value, int position) => (value - (149 * position % 255 + 1) + 256) % 256;
        var decodedLength = length <= 249
            ? Plain(output[1], 2)
            : (Plain(output[1], 2) - 249) * 250 + Plain(output[2], 3);
        Assert.Equal(length, decodedLength);
        for (var i = 0; i < length; i++) Assert.Equal(data[i], Plain(output[header + i], header + i + 1));
    }

    public static TheoryData<string, byte[], int> ShortestCases => new()
    {
        // Auto never does worse than either pure scheme, and mixes when that is shorter.
        { "digits stay ASCII", "12345678901234567890"u8.ToArray(), 10 },
        { "text stays ASCII", "Hello"u8.ToArray(), 5 },
        { "high bytes go Base256", [.. Enumerable.Repeat((byte)0xC3, 10)], 12 },
        { "digits then binary", [.. "1234567890"u8.ToArray(), .. Enumerable.Repeat((byte)0x90, 10)], 5 + 12 },
        { "binary then digits", [.. Enumerable.Repeat((byte)0x90, 10), .. "1234567890"u8.ToArray()], 12 + 5 },
        { "one high byte in text", [(byte)'a', (byte)'b', 0xE9, (byte)'c', (byte)'d'], 6 },
    };

    [Theory]
    [MemberData(nameof(ShortestCases))]
    public void Auto_FindsTheShortestMix(string name, byte[] input, int expectedCodewords)
    {
        Assert.NotNull(name);
        var output = new byte[1558];
        Assert.Equal(expectedCodewords, Encodation.Encode(input, DataMatrixEncodation.Auto, output));
        Assert.True(CodewordDecoder.TryDecode(output.AsSpan(0, expectedCodewords), out var back, out var error), error);
        Assert.Equal(input, back);
    }

    [Fact]
    public void Auto_RoundTripsAndIsNeverLongerThanEitherPureScheme()
    {
        var random = new Random(2026);
        var buffer = new byte[1558];
        for (var trial = 0; trial < 2000; trial++)
        {
            var data = new byte[random.Next(0, 400)];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (random.Next(4)) switch
                {
                    0 => (byte)('0' + random.Next(10)),
                    1 => (byte)random.Next(32, 127),
                    _ => (byte)random.Next(256),
                };
            }
            var ascii = Encodation.Encode(data, DataMatrixEncodation.Ascii, buffer);
            var base256 = Encodation.Encode(data, DataMatrixEncodation.Base256, buffer);
            var auto = Encodation.Encode(data, DataMatrixEncodation.Auto, buffer);
            Assert.True(auto <= ascii && auto <= base256, $"auto {auto}, ascii {ascii}, base256 {base256}");
            Encodation.AddPadding(buffer, auto, Math.Min(1558, auto + 7));
            Assert.True(CodewordDecoder.TryDecode(buffer.AsSpan(0, Math.Min(1558, auto + 7)), out var back, out var error), error);
            Assert.Equal(data, back);
        }
    }

    [Fact]
    public void Encode_TooLongForTheBuffer_ReturnsMinusOne()
    {
        var output = new byte[3];
        Assert.Equal(-1, Encodation.Encode("ABCD"u8, DataMatrixEncodation.Ascii, output));
        Assert.Equal(-1, Encodation.Encode("AB"u8, DataMatrixEncodation.Base256, output));
        Assert.Equal(3, Encodation.Encode("123456"u8, DataMatrixEncodation.Auto, output));
    }

    public static TheoryData<string, byte[], string> DecodeCases => new()
    {
        // Codeword streams other encoders produce (ISO/IEC 16022 5.2.5–5.2.8): C40, Text, X12, EDIFACT.
        { "C40 'AIMAIM'", [230, 91, 11, 91, 11, 254, 129], "AIMAIM" },
        { "C40 then implicit ASCII", [230, 91, 11, 66], "AIMA" },
        { "Text 'aim'", [239, 91, 11, 254], "aim" },
        { "X12 'ABC'", [238, 89, 233, 254], "ABC" },
        { "EDIFACT 'ABC' then unlatch", [240, 4, 32, 223, 129], "ABC" },
        { "FNC1 first is dropped, later is GS", [232, 66, 232, 67], "A\u001dB" },
        { "macro 05", [236, 66], "[)>\u001e05\u001dA\u001e\u0004" },
    };

    [Theory]
    [MemberData(nameof(DecodeCases))]
    public void Decode_OtherSchemes(string name, byte[] codewords, string expected)
    {
        Assert.NotNull(name);
        Assert.True(CodewordDecoder.TryDecode(codewords, out var data, out var error), error);
        Assert.Equal(expected, Encoding.Latin1.GetString(data));
    }
}
