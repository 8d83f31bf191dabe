using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Xunit;

namespace Ibis.Domain.Tests.Indicia;

/// <summary>
/// Who registers, supplies and approves designs and advertising matter (P050 4.1, 4.5, 4.10, §502.20(d)),
/// and the print's refusals of P050 4.5 and 4.8: each broken and kept, with its code and kind.
/// </summary>
public sealed class OtherMatterAuthorityRulesTests
{
    public static TheoryData<IBusinessRule, bool, string, RuleKind> OtherMatterCases => new()
    {
        { new OnlyTheProviderRegistersDesignsRule(false), true, "forbidden", RuleKind.Forbidden },
        { new OnlyTheProviderRegistersDesignsRule(true), false, "forbidden", RuleKind.Forbidden },
        { new DesignMustCiteProductApprovalRule(""), true, "approval_reference_required", RuleKind.BadInput },
        { new DesignMustCiteProductApprovalRule(new string('x', DesignMustCiteProductApprovalRule.MaxLength + 1)), true, "approval_reference_required", RuleKind.BadInput },
        { new DesignMustCiteProductApprovalRule("USPS approval 2026-14"), false, "approval_reference_required", RuleKind.BadInput },
        { new OnlyThePostalServiceApprovesDesignsRule(false), true, "forbidden", RuleKind.Forbidden },
        { new OnlyThePostalServiceApprovesDesignsRule(true), false, "forbidden", RuleKind.Forbidden },
        { new ApprovalMustBeUndecidedRule(ApprovalSubject.Design, "dsg_1", ApprovalStatus.Approved), true, "already_decided", RuleKind.Conflict },
        { new ApprovalMustBeUndecidedRule(ApprovalSubject.Advertisement, "ad_1", ApprovalStatus.Rejected), true, "already_decided", RuleKind.Conflict },
        { new ApprovalMustBeUndecidedRule(ApprovalSubject.Advertisement, "ad_1", ApprovalStatus.Submitted), false, "already_decided", RuleKind.Conflict },
        { new OnlyTheProviderSuppliesAdvertisingRule(false), true, "forbidden", RuleKind.Forbidden },
        { new OnlyTheProviderSuppliesAdvertisingRule(true), false, "forbidden", RuleKind.Forbidden },
        { new AdvertisingMustFitItsSpaceRule(new string('x', AdvertisingMustFitItsSpaceRule.MaxTextLength + 1)), true, "text_too_long", RuleKind.BadInput },
        { new AdvertisingMustFitItsSpaceRule(string.Join('\n', Enumerable.Repeat("line", AdvertisingMustFitItsSpaceRule.MaxLines + 1))), true, "text_too_long", RuleKind.BadInput },
        { new AdvertisingMustFitItsSpaceRule("Mailer's Message\nSpring sale"), false, "text_too_long", RuleKind.BadInput },
        { new OnlyThePostalServiceApprovesAdvertisingRule(false), true, "forbidden", RuleKind.Forbidden },
        { new OnlyThePostalServiceApprovesAdvertisingRule(true), false, "forbidden", RuleKind.Forbidden },
        { new DesignMustBeRegisteredRule("dsg_9", false), true, "design_unknown", RuleKind.BadInput },
        { new DesignMustBeRegisteredRule("dsg_9", true), false, "design_unknown", RuleKind.BadInput },
        { new AdMustBeOfferedRule("ad_9", false), true, "ad_unknown", RuleKind.BadInput },
        { new AdMustBeOfferedRule("ad_9", true), false, "ad_unknown", RuleKind.BadInput },
        { new OnlyTheLicensingPostOfficeApprovesBranchNamesRule(false), true, "forbidden", RuleKind.Forbidden },
        { new OnlyTheLicensingPostOfficeApprovesBranchNamesRule(true), false, "forbidden", RuleKind.Forbidden },
    };

    public static TheoryData<IBusinessRule, bool, string, RuleKind> VariantCases => new()
    {
        { new RedateMustBePrintedAloneRule(InBatch: true, HasRedate: true), true, "redate_not_in_batch", RuleKind.BadInput },
        { new RedateMustBePrintedAloneRule(InBatch: false, HasRedate: true), false, "redate_not_in_batch", RuleKind.BadInput },
        { new RedateMustBePrintedAloneRule(InBatch: true, HasRedate: false), false, "redate_not_in_batch", RuleKind.BadInput },
        { new DenominationMustStatePostageRule(null), true, "postage_required", RuleKind.BadInput },
        { new DenominationMustStatePostageRule(Mills.FromMills(370)), false, "postage_required", RuleKind.BadInput },
    };

    [Theory]
    [MemberData(nameof(OtherMatterCases))]
    public void OtherMatterRule_BreaksOnlyWhenItShould_WithItsCodeAndKind(IBusinessRule rule, bool broken, string code, RuleKind kind) =>
        AssertRule(rule, broken, code, kind);

    [Theory]
    [MemberData(nameof(VariantCases))]
    public void VariantRule_BreaksOnlyWhenItShould_WithItsCodeAndKind(IBusinessRule rule, bool broken, string code, RuleKind kind) =>
        AssertRule(rule, broken, code, kind);

    private static void AssertRule(IBusinessRule rule, bool broken, string code, RuleKind kind)
    {
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal(code, rule.Code);
        Assert.Equal(kind, rule.Kind);
        Assert.Matches(@"P050 \d|§502", rule.Message);
    }
}
