using CsCheck;
using Xunit;

namespace Ibis.Domain.Tests.Common;

public sealed class Zip5Tests
{
    public static TheoryData<string, int, string> Valid => new()
    {
        { "20260", 20260, "20260" },
        { "02134", 2134, "02134" },
        { "00501", 501, "00501" },
        { "00001", 1, "00001" },
        { "99999", 99_999, "99999" },
        { " 20260 ", 20260, "20260" },
        { "20260-1234", 20260, "20260" },
        { "02134-0000", 2134, "02134" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_OfFiveDigitsOrZipPlusFour_GivesTheFiveDigitZip(string text, int value, string formatted)
    {
        var result = Zip5.Parse(text);
        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(value, result.Value.Value);
        Assert.Equal(formatted, result.Value.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("00000")]
    [InlineData("00000-1234")]
    [InlineData("2026")]
    [InlineData("202601")]
    [InlineData("2026a")]
    [InlineData("-2026")]
    [InlineData("+2026")]
    [InlineData("20260-123")]
    [InlineData("20260-12345")]
    [InlineData("20260-12a4")]
    [InlineData("20260 1234")]
    [InlineData("20260-")]
    [InlineData("202601234")]
    [InlineData("\uFF12\uFF10\uFF12\uFF16\uFF10")] // fullwidth digits
    [InlineData("\u0662\u0660\u0662\u0666\u0660")] // Arabic-Indic digits
    public void Parse_OfAnythingElse_FailsWithZipInvalid(string? text)
    {
        var result = Zip5.Parse(text);
        Assert.False(result.Success);
        Assert.Equal("zip_invalid", result.ErrorCode);
    }

    [Fact]
    public void FromNumber_OutsideFiveDigits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Zip5.FromNumber(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Zip5.FromNumber(100_000));
    }

    [Fact]
    public void ParseOfToString_RoundTrips_ForEveryZip()
    {
        Gen.Int[1, 99_999].Sample(n =>
        {
            var zip = Zip5.FromNumber(n);
            Assert.Equal(5, zip.ToString().Length);
            Assert.Equal(zip, Zip5.Parse(zip.ToString()).Value);
        }, iter: 5_000);
    }
}
