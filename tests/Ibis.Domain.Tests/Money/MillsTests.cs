using CsCheck;
using Ibis.Domain.Money;
using Xunit;

namespace Ibis.Domain.Tests.Money;

/// <summary>Mills: exact dollar parsing at the edges, formatting, and checked arithmetic.</summary>
public sealed class MillsTests
{
    public static TheoryData<string, long> ValidDollars => new()
    {
        { "0", 0 },
        { "12", 12_000 },
        { "0.740", 740 },
        { "0.74", 740 },
        { ".5", 500 },
        { "5.", 5_000 },
        { "-1.5", -1_500 },
        { "-.5", -500 },
        { "+1", 1_000 },
        { "-0", 0 },
        { "12.345", 12_345 },
        { "0.001", 1 },
        { " 12.5 ", 12_500 },
        { "\t7\n", 7_000 },
        { "0000000000001", 1_000 },
        { "999999999.999", 999_999_999_999 },
        { "1000000000", 1_000_000_000_000 },
        { "1000000000.000", 1_000_000_000_000 },
        { "-1000000000.000", -1_000_000_000_000 },
        { "00001000000000.000", 1_000_000_000_000 },
    };

    public static TheoryData<string?, string> InvalidDollars => new()
    {
        { null, "amount_required" },
        { "", "amount_required" },
        { " ", "amount_required" },
        { "\t\n", "amount_required" },
        { "0.7401", "amount_too_precise" },
        { "0.7400", "amount_too_precise" },
        { "1.00000", "amount_too_precise" },
        { "1e3", "amount_invalid" },
        { "1E3", "amount_invalid" },
        { "1,000", "amount_invalid" },
        { "1 000", "amount_invalid" },
        { "1_000", "amount_invalid" },
        { "abc", "amount_invalid" },
        { "1.2.3", "amount_invalid" },
        { "--1", "amount_invalid" },
        { "+-1", "amount_invalid" },
        { "+", "amount_invalid" },
        { "-", "amount_invalid" },
        { ".", "amount_invalid" },
        { "-.", "amount_invalid" },
        { "$1.00", "amount_invalid" },
        { "1.00 USD", "amount_invalid" },
        { "0x10", "amount_invalid" },
        { "NaN", "amount_invalid" },
        { "Infinity", "amount_invalid" },
        { "1,5", "amount_invalid" },
        { "- 1", "amount_invalid" },
        { "\u0661", "amount_invalid" },      // ARABIC-INDIC DIGIT ONE: only ASCII digits are money
        { "\uFF11", "amount_invalid" },      // FULLWIDTH DIGIT ONE
        { "1.\u0665", "amount_invalid" },
        { "1000000000.001", "amount_too_large" },
        { "-1000000000.001", "amount_too_large" },
        { "1000000001", "amount_too_large" },
        { "9999999999.999", "amount_too_large" },
        { "99999999999", "amount_too_large" },
        { "99999999999999999999999999999", "amount_too_large" },
    };

    [Theory]
    [MemberData(nameof(ValidDollars))]
    public void ParseDollars_OnValidInput_GivesExactMills(string text, long expected)
    {
        var result = Mills.ParseDollars(text);
        Assert.True(result.Success, $"{result.ErrorCode}: {result.ErrorMessage}");
        Assert.Null(result.ErrorMessage);
        Assert.Equal(expected, result.Value.Value);
    }

    [Theory]
    [MemberData(nameof(InvalidDollars))]
    public void ParseDollars_OnInvalidInput_FailsWithStableCode(string? text, string code)
    {
        var result = Mills.ParseDollars(text);
        Assert.False(result.Success);
        Assert.Equal(code, result.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(result.ErrorMessage));
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Theory]
    [InlineData(0, "0.000")]
    [InlineData(740, "0.740")]
    [InlineData(1, "0.001")]
    [InlineData(12_345, "12.345")]
    [InlineData(-500, "-0.500")]
    [InlineData(-1_500, "-1.500")]
    [InlineData(1_000_000_000_000, "1000000000.000")]
    [InlineData(long.MaxValue, "9223372036854775.807")]
    [InlineData(long.MinValue, "-9223372036854775.808")]
    public void ToString_FormatsExactDollarsWithThreePlaces(long mills, string expected)
    {
        Assert.Equal(expected, Mills.FromMills(mills).ToString());
        Assert.Equal("$" + expected, Mills.FromMills(mills).ToDollarString());
    }

    [Fact]
    public void ToString_IgnoresTheCurrentCulture()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("1234.500", Mills.FromMills(1_234_500).ToString());
            Assert.Equal(1_500, Mills.ParseDollars("1.5").Value.Value);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ParseDollars_OfToString_GivesTheSameMills_ForAllAcceptedAmounts()
    {
        Gen.Long[-1_000_000_000_000, 1_000_000_000_000].Sample(value =>
        {
            var m = Mills.FromMills(value);
            var parsed = Mills.ParseDollars(m.ToString());
            Assert.True(parsed.Success, $"{m}: {parsed.ErrorCode}");
            Assert.Equal(m, parsed.Value);
        }, iter: 20_000);
    }

    [Fact]
    public void ParseDollars_OnArbitraryText_NeverThrows()
    {
        Gen.Char["+-.0123456789 e,"].Array[0, 20].Select(cs => new string(cs)).Sample(text =>
        {
            var result = Mills.ParseDollars(text);
            if (result.Success) Assert.Equal(result.Value, Mills.ParseDollars(result.Value.ToString()).Value);
            else Assert.NotNull(result.ErrorCode);
        }, iter: 20_000);
    }

    [Fact]
    public void MaxInput_IsOneBillionDollars()
    {
        Assert.Equal(1_000_000_000_000, Mills.MaxInput.Value);
        Assert.Equal(0, Mills.Zero.Value);
        Assert.Equal(Mills.Zero, default);
    }

    [Fact]
    public void FromCents_IsTenMillsPerCent()
    {
        Assert.Equal(740, Mills.FromCents(74).Value);
        Assert.Equal(-10, Mills.FromCents(-1).Value);
    }

    [Fact]
    public void Arithmetic_IsExact()
    {
        var a = Mills.FromMills(740);
        var b = Mills.FromMills(290);
        Assert.Equal(1_030, (a + b).Value);
        Assert.Equal(450, (a - b).Value);
        Assert.Equal(-740, (-a).Value);
        Assert.Equal(2_220, (a * 3).Value);
        Assert.Equal(a, Mills.Max(a, b));
        Assert.Equal(b, Mills.Min(a, b));
        Assert.True(a.IsPositive && !a.IsNegative);
        Assert.True((-a).IsNegative && !(-a).IsPositive);
        Assert.False(Mills.Zero.IsPositive || Mills.Zero.IsNegative);
    }

    [Fact]
    public void Addition_OnOverflow_Throws()
    {
        var max = Mills.FromMills(long.MaxValue);
        Assert.Throws<OverflowException>(() => max + Mills.FromMills(1));
        Assert.Throws<OverflowException>(() => Mills.FromMills(long.MinValue) + Mills.FromMills(-1));
    }

    [Fact]
    public void Subtraction_OnOverflow_Throws()
    {
        Assert.Throws<OverflowException>(() => Mills.FromMills(long.MinValue) - Mills.FromMills(1));
        Assert.Throws<OverflowException>(() => Mills.FromMills(long.MaxValue) - Mills.FromMills(-1));
    }

    [Fact]
    public void Negation_OfMinValue_Throws()
    {
        Assert.Throws<OverflowException>(() => -Mills.FromMills(long.MinValue));
    }

    [Fact]
    public void Multiplication_OnOverflow_Throws()
    {
        Assert.Throws<OverflowException>(() => Mills.FromMills(long.MaxValue / 2 + 1) * 2);
        Assert.Throws<OverflowException>(() => Mills.FromMills(long.MinValue) * -1);
    }

    [Fact]
    public void FromCents_OnOverflow_Throws()
    {
        Assert.Throws<OverflowException>(() => Mills.FromCents(long.MaxValue / 10 + 1));
    }
}
