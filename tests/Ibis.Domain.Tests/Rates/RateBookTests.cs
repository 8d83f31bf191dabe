using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Rates;

/// <summary>
/// §502.22(b), P050 1.5: the table in force is chosen by the date of mailing, so a future-dated
/// table takes effect on its date with no restart; the postage must equal or exceed the amount due
/// on that date.
/// </summary>
public sealed class RateBookTests
{
    private static RateTable Load(string name) => RateTableDocument.Parse(RateTableDocument.SampleJson(name)).Table!;

    private static readonly RateBook Book = new([Load("sample-2027-01"), Load("sample-2025-07")]);

    [Theory]
    [InlineData("2025-07-13", "sample-2025-07")]
    [InlineData("2027-01-16", "sample-2025-07")]
    [InlineData("2027-01-17", "sample-2027-01")]
    [InlineData("2030-01-01", "sample-2027-01")]
    public void On_PicksTheLatestTableEffectiveOnOrBeforeTheDate(string date, string table)
    {
        Assert.Equal(table, Book.On(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Name);
    }

    [Fact]
    public void On_ADateBeforeEveryTable_IsRefusedWithRateTableMissing()
    {
        var e = Assert.Throws<BusinessRuleViolationException>(() => Book.On(new DateOnly(2025, 7, 12)));
        Assert.Equal("rate_table_missing", e.Code);
    }

    [Fact]
    public void Switchover_TheSameLetterCostsTheNewPriceFromTheEffectiveDate()
    {
        var before = Book.On(new DateOnly(2027, 1, 16)).AmountDue(RateCategory.FirstClassLetter, 1m);
        var on = Book.On(new DateOnly(2027, 1, 17)).AmountDue(RateCategory.FirstClassLetter, 1m);
        Assert.Equal(Mills.FromMills(740), before);
        Assert.Equal(Mills.FromMills(780), on);
        // P050 1.5: below / equal / above the amount due on the date of mailing.
        Assert.True(new PostageMustCoverAmountDueRule(before, on).IsBroken());
        Assert.False(new PostageMustCoverAmountDueRule(on, on).IsBroken());
        Assert.False(new PostageMustCoverAmountDueRule(on + Mills.FromMills(1), on).IsBroken());
    }
}
