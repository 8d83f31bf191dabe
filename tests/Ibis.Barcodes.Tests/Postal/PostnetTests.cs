using Ibis.Barcodes.Postal;
using Xunit;

namespace Ibis.Barcodes.Tests.Postal;

public sealed class PostnetTests
{
    private static string Bits(bool[] bars) => string.Concat(bars.Select(b => b ? '1' : '0'));

    // Full (1) and half (0) bars from zint 2.11 (`zint -b 40 --dump`), an independent encoder.
    [Theory]
    [InlineData("55555", "10101001010010100101001010010101")]
    [InlineData("555551237", "1010100101001010010100101000011001010011010001001011")]
    [InlineData("12345678901", "10001100101001100100101010011001000110010101001100000011010011")]
    [InlineData("00000", "11100011000110001100011000110001")]
    [InlineData("20260", "10010111000001010110011000110001")]
    public void Encode_Zip_MatchesZint(string digits, string expected) =>
        Assert.Equal(expected, Bits(Postnet.Encode(digits)));

    [Theory]
    [InlineData("555551237", 2)] // 5×5 + 1 + 2 + 3 + 7 = 38, and 38 + 2 = 40
    [InlineData("55555", 5)]
    [InlineData("00000", 0)]
    [InlineData("12345678901", 4)]
    [InlineData("20260", 0)]
    public void CheckDigit_BringsTheSumToAMultipleOfTen(string digits, int expected)
    {
        Assert.Equal(expected, Postnet.CheckDigit(digits));
        Assert.Equal(0, (digits.Sum(c => c - '0') + expected) % 10);
    }

    [Theory]
    [InlineData("20260", 32)]
    [InlineData("202601234", 52)]
    [InlineData("20260123499", 62)]
    public void Encode_EveryLength_HasFrameBarsAndTwoFullBarsPerDigit(string digits, int bars)
    {
        var encoded = Postnet.Encode(digits);
        Assert.Equal(bars, encoded.Length);
        Assert.True(encoded[0] && encoded[^1]);
        for (var digit = 0; digit < digits.Length + 1; digit++)
            Assert.Equal(2, encoded.Skip(1 + 5 * digit).Take(5).Count(b => b));
    }

    [Theory]
    [InlineData(null, "POSTNET digits are missing")]
    [InlineData("", "5, 9 or 11 digits (ZIP, ZIP+4, delivery point), not 0")]
    [InlineData("2026", "not 4")]
    [InlineData("202601", "not 6")]
    [InlineData("2026012345", "not 10")]
    [InlineData("20260-1234", "not 10")]
    [InlineData("2026A", "digits only; character 5 is 'A'")]
    public void Encode_InvalidInput_IsRefusedWithAClearMessage(string? digits, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Postnet.Encode(digits!));
        Assert.Contains(message, e.Message);
        Assert.False(Postnet.TryEncode(digits, out var bars, out var error));
        Assert.Null(bars);
        Assert.Contains(message, error);
    }
}
