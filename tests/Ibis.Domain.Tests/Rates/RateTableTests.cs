using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Rates;

/// <summary>
/// P050 1.5: the value of the indicium must equal or exceed the exact amount due for the piece. The
/// built-in table is a sample priced per started ounce.
/// </summary>
public sealed class RateTableTests
{
    private static readonly RateTable Table = RateTable.BuiltInSample;

    public static TheoryData<string, decimal, long> Due => new()
    {
        { "letter", 0.1m, 740 },
        { "letter", 1.0m, 740 },
        { "letter", 1.01m, 1_030 },
        { "letter", 2m, 1_030 },
        { "letter", 2.0001m, 1_320 },
        { "letter", 3m, 1_320 },
        { "letter", 3.5m, 1_610 },
        { "flat", 1m, 1_630 },
        { "flat", 1.5m, 1_920 },
        { "flat", 12.99m, 5_110 },
        { "flat", 13m, 5_110 },
        { "postcard", 0.2m, 610 },
        { "postcard", 1m, 610 },
    };

    [Theory]
    [MemberData(nameof(Due))]
    public void AmountDue_IsPricedPerStartedOunce(string category, decimal weightOz, long mills)
    {
        Assert.Equal(Mills.FromMills(mills), Table.AmountDue(RateCategory.Find("first_class", category)!, weightOz));
    }

    [Theory]
    [InlineData("letter", 3.51)]
    [InlineData("letter", 4)]
    [InlineData("letter", 0)]
    [InlineData("letter", -1)]
    [InlineData("flat", 13.01)]
    [InlineData("flat", 0)]
    [InlineData("postcard", 1.01)]
    [InlineData("postcard", -0.5)]
    public void AmountDue_OutsideTheClassWeightLimits_IsRefusedWithWeightInvalid(string category, double weightOz)
    {
        var e = Assert.Throws<BusinessRuleViolationException>(() => Table.AmountDue(RateCategory.Find("first_class", category)!, (decimal)weightOz));
        Assert.Equal("weight_invalid", e.Code);
        Assert.IsType<WeightWithinClassLimitsRule>(e.Rule);
        Assert.Equal("weight_oz", e.Rule.Field);
    }

    [Fact]
    public void AmountDue_OfAHugeWeight_IsRefusedNotOverflowed()
    {
        var e = Assert.Throws<BusinessRuleViolationException>(() => Table.AmountDue(RateCategory.FirstClassLetter, decimal.MaxValue));
        Assert.Equal("weight_invalid", e.Code);
    }

    [Fact]
    public void AmountDue_ForACategoryNotInTheTable_IsRefusedWithRateCategoryUnknown()
    {
        var other = new RateCategory(0x09FF, "periodicals", "outside_county", "PER", "PERIODICALS");
        var e = Assert.Throws<BusinessRuleViolationException>(() => Table.AmountDue(other, 1m));
        Assert.Equal("rate_category_unknown", e.Code);
        Assert.Equal("rate_category", e.Rule.Field);
    }

    [Fact]
    public void BuiltInSample_IsNamedAndDated()
    {
        Assert.Equal("sample-2025-07", Table.Name);
        Assert.Equal(new DateOnly(2025, 7, 13), Table.Effective);
        foreach (var category in RateCategory.All) Assert.True(Table.AmountDue(category, 1m, zone: 1).IsPositive);
    }

    [Theory]
    [InlineData(739, 740, true)]
    [InlineData(0, 740, true)]
    [InlineData(740, 740, false)]
    [InlineData(741, 740, false)]
    [InlineData(5_000, 740, false)]
    public void PostageMustCoverAmountDue_BreaksOnlyBelowTheAmountDue(long postage, long due, bool broken)
    {
        // P050 1.5: equal or exceed the exact amount due.
        var rule = new PostageMustCoverAmountDueRule(Mills.FromMills(postage), Mills.FromMills(due));
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("postage_below_rate", rule.Code);
        Assert.Equal("postage", rule.Field);
        if (broken) Assert.Equal("postage_below_rate", Assert.Throws<BusinessRuleViolationException>(() => Rules.Check(rule)).Code);
        else Rules.Check(rule);
    }
}
