using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Rates;

public sealed class RateCategoryTests
{
    [Fact]
    public void All_HaveDistinctCodesAndNames()
    {
        Assert.Equal(RateCategory.All.Count, RateCategory.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(RateCategory.All.Count, RateCategory.All.Select(c => (c.MailClass, c.Name)).Distinct().Count());
    }

    [Fact]
    public void FindAndFromCode_GiveTheSameCategory()
    {
        foreach (var c in RateCategory.All)
        {
            Assert.Same(c, RateCategory.Find(c.MailClass, c.Name));
            Assert.Same(c, RateCategory.FromCode(c.Code));
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("first_class", null)]
    [InlineData("first_class", "parcel")]
    [InlineData("FIRST_CLASS", "letter")]
    [InlineData("priority", "letter")]
    public void Find_OfAnUnknownCategory_IsNull(string? mailClass, string? name)
    {
        Assert.Null(RateCategory.Find(mailClass, name));
    }

    [Fact]
    public void FromCode_OfAnUnknownCode_IsNull()
    {
        Assert.Null(RateCategory.FromCode(0));
        Assert.Null(RateCategory.FromCode(0xFFFF));
    }
}
