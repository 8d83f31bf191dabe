using System.Text;
using Ibis.Barcodes.Pdf417;
using Xunit;

namespace Ibis.Barcodes.Tests.Pdf417;

public sealed class CompactionTests
{
    public static TheoryData<string, int[]> Known => new()
    {
        // ISO/IEC 15438 worked example: P D F [ml] 4 1 7 [ps pad].
        { "PDF417", [453, 178, 121, 239] },
        // Alpha only, even count: no pad.
        { "ABCD", [1, 63] },
        // Space in Alpha is value 26; odd count padded with 29.
        { "A B", [26, 59] },
        // One shifted upper-case letter inside lower case: [ll] a, b [as] C, d → (27,0) (1,27) (2,3).
        { "abCd", [27 * 30 + 0, 1 * 30 + 27, 2 * 30 + 3] },
        // Punctuation shift from Alpha: A [ps] ! → (0,29) (10,29 pad).
        { "A!", [29, 10 * 30 + 29] },
        // Mixed latch for a few digits: [ml] 1 2 3 → (28,1) (2,3).
        { "123", [28 * 30 + 1, 2 * 30 + 3] },
        // Lower latch then the space of Lower: [ll] a b c [space] d → (27,0) (1,2) (26,3).
        { "abc d", [27 * 30, 1 * 30 + 2, 26 * 30 + 3] },
        // Six bytes that are not text: 924 and one group of five codewords.
        { "\u0080\u0081\u0082\u0083\u0084\u0085", [924, 0, 0, 0, 0, 0] },
        // One byte that is not text: the 913 shift costs two codewords and no latch back.
        { "AB\u00FFCD", [1, 913, 255, 63] },
        // Seven bytes: 901, one group of six, one single byte.
        { "\u0080\u0081\u0082\u0083\u0084\u0085\u0086", [901, 0, 0, 0, 0, 0, 134] },
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void Encode_KnownInput_GivesExpectedCodewords(string text, int[] expected)
    {
        var data = Latin1(text);
        var result = Encode(data);
        if (text.StartsWith('\u0080'))
        {
            // Byte groups: check the latch and length, and that the group is base 900 of the 48-bit number.
            Assert.Equal(expected.Length, result.Length);
            Assert.Equal(expected[0], result[0]);
            ulong value = 0;
            for (var i = 0; i < 6; i++) value = (value << 8) | data[i];
            for (var i = 5; i >= 1; i--)
            {
                Assert.Equal((int)(value % 900), result[i]);
                value /= 900;
            }
            if (expected.Length == 7) Assert.Equal(expected[6], result[6]);
        }
        else
        {
            Assert.Equal(expected, result);
        }
        Assert.Equal(data, Decompaction.Decode(result));
    }

    [Fact]
    public void Numeric_ExampleOfTheSpecification_DecodesAndIsNotBeaten()
    {
        // ISO/IEC 15438: "000213298174000" is 902 then 1 624 434 632 282 200.
        var digits = Latin1("000213298174000");
        Assert.Equal(digits, Decompaction.Decode([902, 1, 624, 434, 632, 282, 200]));
        var ours = Encode(digits);
        Assert.True(ours.Length <= 7);
        Assert.Equal(digits, Decompaction.Decode(ours));
    }

    [Fact]
    public void Numeric_44DigitGroup_TakesFifteenCodewords()
    {
        var digits = Latin1(new string('7', 44));
        var result = Encode(digits);
        Assert.Equal(902, result[0]);
        Assert.Equal(16, result.Length);
        Assert.Equal(digits, Decompaction.Decode(result));

        var longer = Latin1(new string('3', 100));
        var cw = Encode(longer);
        Assert.Equal(1 + 15 + 15 + (12 / 3 + 1), cw.Length);
        Assert.Equal(longer, Decompaction.Decode(cw));
    }

    [Theory]
    // Short digit runs inside text stay in Mixed; long ones switch to Numeric.
    [InlineData("Invoice 12 paid")]
    [InlineData("ID 12345678901234567890 end")]
    [InlineData("MixedCase With Punctuation; <tags> & {braces} 'quotes' \"dq\"\r\n\tTabs")]
    [InlineData("lower then UPPER then 99 then ; then lower")]
    [InlineData("~!@#$%^&*()_+`-=[]\\{}|;':\",./<>?")]
    public void Text_RoundTrips(string text)
    {
        var data = Latin1(text);
        Assert.Equal(data, Decompaction.Decode(Encode(data)));
    }

    [Fact]
    public void ModeSwitching_NeverLongerThanSingleModeEncodings()
    {
        var random = new Random(417);
        for (var i = 0; i < 500; i++)
        {
            var data = MixedPayload(random, random.Next(1, 120));
            var cw = Encode(data);
            Assert.Equal(data, Decompaction.Decode(cw));
            // All bytes: 1 latch + 5 per 6 + the rest.
            var byteOnly = 1 + data.Length / 6 * 5 + data.Length % 6;
            Assert.True(cw.Length <= byteOnly, $"{cw.Length} > {byteOnly} for {Convert.ToHexString(data)}");
        }
    }

    [Fact]
    public void Decode_RejectsMacroAndBadSequences()
    {
        Assert.Null(Decompaction.Decode([928, 111, 100]));
        Assert.Null(Decompaction.Decode([902, 5])); // a numeric group must start with the digit 1 (5 → "5")
        Assert.Null(Decompaction.Decode([901, 300]));
        Assert.Null(Decompaction.Decode([913]));
    }

    private static ReadOnlySpan<byte> Punctuation => ";<>@[\\]_`~!\r\t,:\n-.$/\"|*()?{}' &#+%=^"u8;

    internal static byte[] MixedPayload(Random random, int length)
    {
        var data = new byte[length];
        var i = 0;
        while (i < length)
        {
            var run = Math.Min(length - i, random.Next(1, 25));
            var kind = random.Next(6);
            for (var k = 0; k < run; k++, i++)
            {
                data[i] = kind switch
                {
                    0 => (byte)('0' + random.Next(10)),
                    1 => (byte)('A' + random.Next(26)),
                    2 => (byte)('a' + random.Next(26)),
                    3 => Punctuation[random.Next(Punctuation.Length)],
                    4 => (byte)random.Next(256),
                    _ => (byte)random.Next(32, 127),
                };
            }
        }
        return data;
    }

    internal static int[] Encode(ReadOnlySpan<byte> data)
    {
        var output = new int[926];
        var n = HighLevelEncoder.Encode(data, output);
        Assert.True(n >= 0);
        return output[..n];
    }

    private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);
}
