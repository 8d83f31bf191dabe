using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Xunit;

namespace Ibis.Domain.Tests.Indicia;

/// <summary>P050 4.8 (REDATE), 4.9 and 1.6 (postage correction), 4.10 and §502.20(d) (advertising), 4.1 (designs).</summary>
public sealed class VariantAndOtherMatterRulesTests
{
    [Theory]
    [InlineData("standard", IndiciumVariant.Standard, true, true)]
    [InlineData(null, IndiciumVariant.Standard, true, true)]
    [InlineData("redate", IndiciumVariant.Redate, false, false)]              // P050 4.8: no barcode, no FIM
    [InlineData("postage_correction", IndiciumVariant.PostageCorrection, true, false)] // P050 4.9: all but the FIM
    public void Variants_CarryTheElementsTheRuleAllows(string? name, IndiciumVariant variant, bool barcode, bool fim)
    {
        Assert.Equal(variant, IndiciumVariants.Parse(name));
        Assert.Equal(barcode, variant.HasBarcode());
        Assert.Equal(fim, variant.MayHaveFim());
        Assert.Equal(variant, IndiciumVariants.Parse(variant.Name()));
    }

    [Theory]
    [InlineData("REDATE")]
    [InlineData("correction")]
    public void Variants_UnknownNames_AreNotParsed(string name) => Assert.Null(IndiciumVariants.Parse(name));

    [Fact]
    public void P050_4_8_RedateSpendsNoPostage()
    {
        Assert.False(new RedateCarriesNoPostageRule(null).IsBroken());
        var rule = new RedateCarriesNoPostageRule(Mills.FromMills(740));
        Assert.True(rule.IsBroken());
        Assert.Equal("redate_postage_not_allowed", rule.Code);
        Assert.Contains("P050 4.8", rule.Message);
    }

    [Theory]
    [InlineData(0, 500, 740, true)]
    [InlineData(239, 500, 740, true)]
    [InlineData(240, 500, 740, false)]
    [InlineData(300, 500, 740, false)]
    public void P050_4_9_ACorrectionMustMakeUpTheShortfall(long correction, long paid, long due, bool broken)
    {
        var rule = new CorrectionMustCoverShortfallRule(Mills.FromMills(correction), Mills.FromMills(paid), Mills.FromMills(due));
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("postage_below_rate", rule.Code);
        Assert.True(new CorrectionNeedsPostageRule(null).IsBroken());
        Assert.False(new CorrectionNeedsPostageRule(Mills.FromMills(1)).IsBroken());
    }

    [Theory]
    [InlineData("Mailer's Message\nSpring sale", null, false)]
    [InlineData("MAILER’S MESSAGE: spring sale", null, false)]
    [InlineData("Acme Widgets — spring sale", "ACME WIDGETS", false)]
    [InlineData("Spring sale", "Acme Widgets", true)]
    [InlineData("Spring sale", null, true)]
    [InlineData("Mailers Message", null, true)]
    public void P050_4_10_ArtMustNameTheMailerOrSayMailersMessage(string text, string? mailer, bool broken)
    {
        var rule = new AdMustIdentifyMailerRule(text, mailer);
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("ad_mailer_not_identified", rule.Code);
        Assert.Contains("P050 4.10", rule.Message);
    }

    [Theory]
    [InlineData(ApprovalStatus.Approved, false)]
    [InlineData(ApprovalStatus.Submitted, true)]
    [InlineData(ApprovalStatus.Rejected, true)]
    [InlineData(ApprovalStatus.Withdrawn, true)]
    public void P050_4_10_And_4_1_OnlyApprovedAdsAndDesignsPrint(ApprovalStatus status, bool broken)
    {
        var ad = new AdMustBeApprovedRule("ad_x", status);
        var design = new DesignMustBeApprovedRule("dsg_x", status);
        Assert.Equal(broken, ad.IsBroken());
        Assert.Equal(broken, design.IsBroken());
        Assert.Equal(("ad_not_approved", "ad_id"), (ad.Code, ad.Field));
        Assert.Equal(("design_not_approved", "design_id"), (design.Code, design.Field));
        Assert.Equal(status == ApprovalStatus.Submitted, ApprovalStatuses.CanDecide(status));
        Assert.Contains($" is {status.ToText()}, not approved", ad.Message);
    }
}
