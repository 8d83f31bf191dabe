using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Rates;

/// <summary>
/// The rate engine (P050 1.5, §502.22(b)): weight-step boundaries per class, zone pricing for
/// Priority and Express Mail through the zone chart, and the class maxima. Figures are those of the
/// SAMPLE table Rates/Samples/sample-2025-07.json.
/// </summary>
public sealed class RateEngineTests
{
    private static readonly RateTable Table = RateTable.BuiltInSample;

    private static Zip5 Zip(int z) => Zip5.FromNumber(z);

    public static TheoryData<string, string, decimal, long> NonZoned => new()
    {
        // P050 1.5: exact amount due, by weight step (bound inclusive).
        { "standard", "letter", 0.01m, 330 },
        { "standard", "letter", 3.3m, 330 },
        { "standard", "flat", 4m, 700 },
        { "standard", "flat", 4.01m, 950 },
        { "standard", "flat", 15.99m, 1_450 },
        { "first_class", "postcard", 1m, 610 },
        { "first_class", "flat", 13m, 5_110 },
    };

    [Theory]
    [MemberData(nameof(NonZoned))]
    public void AmountDue_ByWeightStep_TakesTheFirstStepAtOrAboveTheWeight(string mailClass, string category, decimal weight, long mills)
    {
        Assert.Equal(Mills.FromMills(mills), Table.AmountDue(RateCategory.Find(mailClass, category)!, weight));
    }

    public static TheoryData<string, decimal, int, int, long> Zoned => new()
    {
        // class, weight, origin ZIP, destination ZIP, expected mills — zones from the sample chart.
        { "priority", 8m, 20066, 20500, 9_250 },      // DC → DC: zone 1, first step
        { "priority", 8.01m, 20066, 20500, 9_850 },   // just over 8 oz: next step
        { "priority", 16m, 20066, 22030, 10_930 },    // DC → VA (214-268): zone 2
        { "priority", 1120m, 20066, 94105, 61_500 * 177 / 100 / 10 * 10 }, // DC → CA: zone 8, 70 lb
        { "express", 8m, 10001, 10001, 28_750 },      // NY → NY: zone 1
        { "express", 32m, 94105, 60601, 33_200 * 155 / 100 / 10 * 10 }, // CA → Chicago: zone 6
    };

    [Theory]
    [MemberData(nameof(Zoned))]
    public void AmountDue_ByZone_UsesTheZoneOfOriginAndDestination(string mailClass, decimal weight, int origin, int destination, long mills)
    {
        var category = RateCategory.Find(mailClass, "single_piece")!;
        var zone = Table.ZoneFor(Zip(origin), Zip(destination));
        Assert.Equal(Mills.FromMills(mills), Table.AmountDue(category, weight, zone));
    }

    [Theory]
    [InlineData(20066, 20500, 1)]
    [InlineData(20066, 21201, 1)]
    [InlineData(20066, 21401, 2)]
    [InlineData(20066, 10001, 3)]
    [InlineData(20066, 30301, 4)]
    [InlineData(20066, 99501, 8)]
    [InlineData(10001, 99999, 8)]
    [InlineData(60601, 60699, 1)]
    [InlineData(94105, 96201, 8)]
    public void ZoneFor_LooksUpTheChartByZip3(int origin, int destination, int zone)
    {
        Assert.Equal(zone, Table.ZoneFor(Zip(origin), Zip(destination)));
    }

    [Theory]
    [InlineData(20066, 21301, "destination_zip")] // 213 is not a ZIP3 in use: left out of the chart
    [InlineData(20066, 26901, "destination_zip")]
    [InlineData(20066, 401, "destination_zip")]   // 004
    [InlineData(30301, 20066, "origin_zip")]      // the sample chart has no origin 303
    public void ZoneFor_AZipNotInTheChart_IsRefusedNamingTheField(int origin, int destination, string field)
    {
        var e = Assert.Throws<BusinessRuleViolationException>(() => Table.ZoneFor(Zip(origin), Zip(destination)));
        Assert.Equal("zip_not_in_zone_chart", e.Code);
        Assert.Equal(field, e.Rule.Field);
    }

    [Theory]
    [InlineData("priority", 1120.01)]
    [InlineData("priority", 0)]
    [InlineData("express", 1121)]
    [InlineData("express", -1)]
    public void AmountDue_ZonedOutsideTheClassLimits_IsRefusedWithWeightInvalid(string mailClass, double weight)
    {
        var e = Assert.Throws<BusinessRuleViolationException>(() => Table.AmountDue(RateCategory.Find(mailClass, "single_piece")!, (decimal)weight, 1));
        Assert.Equal("weight_invalid", e.Code);
    }

    [Theory]
    [InlineData("standard", "letter", 3.31)]
    [InlineData("standard", "flat", 16)]
    public void AmountDue_StandardAboveItsMaximum_IsRefused(string mailClass, string category, double weight)
    {
        Assert.Equal("weight_invalid", Assert.Throws<BusinessRuleViolationException>(() => Table.AmountDue(RateCategory.Find(mailClass, category)!, (decimal)weight)).Code);
    }

    [Fact]
    public void AmountDue_ZonedWithoutAZone_NeedsTheDestination()
    {
        var e = Assert.Throws<BusinessRuleViolationException>(() => Table.AmountDue(RateCategory.PriorityMail, 8m));
        Assert.Equal("destination_zip_required", e.Code);
        Assert.Equal("destination_zip", e.Rule.Field);
    }

    [Fact]
    public void BuiltInSample_OffersEveryCategory_AndSaysItIsASample()
    {
        Assert.True(Table.Sample);
        foreach (var c in RateCategory.All) Assert.NotNull(Table.For(c));
    }
}
