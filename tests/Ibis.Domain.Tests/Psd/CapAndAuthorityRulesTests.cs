using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Psd;

/// <summary>
/// The refusals of the DR cap (P050 3.6), certificate revocation (§502.28), the deposit account
/// (P050 3.5a, §502.20(c), §502.25(c)) and price lists (P050 1.4, 1.5): each broken and kept, with its code and kind.
/// </summary>
public sealed class CapAndAuthorityRulesTests
{
    public static TheoryData<IBusinessRule, bool, string, RuleKind> CapCases => new()
    {
        { new OnlyThePostalServiceSetsTheCapRule(false), true, "forbidden", RuleKind.Forbidden },
        { new OnlyThePostalServiceSetsTheCapRule(true), false, "forbidden", RuleKind.Forbidden },
        { new DescendingRegisterCapMustBeInRangeRule(Mills.Zero), true, "cap_invalid", RuleKind.BadInput },
        { new DescendingRegisterCapMustBeInRangeRule(Registers.DefaultCap + Mills.FromMills(1)), true, "cap_invalid", RuleKind.BadInput },
        { new DescendingRegisterCapMustBeInRangeRule(Registers.DefaultCap), false, "cap_invalid", RuleKind.BadInput },
        { new CapMustCoverDescendingRegisterRule("psd_1", Mills.FromMills(300_001), Mills.FromMills(300_000)), true, "cap_below_descending_register", RuleKind.Conflict },
        { new CapMustCoverDescendingRegisterRule("psd_1", Mills.FromMills(300_000), Mills.FromMills(300_000)), false, "cap_below_descending_register", RuleKind.Conflict },
        { new OnlyThePostalServiceRevokesCertificatesRule(false), true, "forbidden", RuleKind.Forbidden },
        { new OnlyThePostalServiceRevokesCertificatesRule(true), false, "forbidden", RuleKind.Forbidden },
    };

    public static TheoryData<IBusinessRule, bool, string, RuleKind> FundsAndRatesCases => new()
    {
        { new PaymentMethodMustBeAcceptedRule("bitcoin"), true, "payment_method_unsupported", RuleKind.BadInput },
        { new PaymentMethodMustBeAcceptedRule(null), true, "payment_method_unsupported", RuleKind.BadInput },
        { new PaymentMethodMustBeAcceptedRule("ach_debit"), false, "payment_method_unsupported", RuleKind.BadInput },
        { new DepositRequirementMustBeAcknowledgedRule(null), true, "deposit_requirement_not_acknowledged", RuleKind.BadInput },
        { new DepositRequirementMustBeAcknowledgedRule(false), true, "deposit_requirement_not_acknowledged", RuleKind.BadInput },
        { new DepositRequirementMustBeAcknowledgedRule(true), false, "deposit_requirement_not_acknowledged", RuleKind.BadInput },
        { new DepositAccountRequiresValidLicenseRule(false), true, "license_not_valid", RuleKind.Unprocessable },
        { new DepositAccountRequiresValidLicenseRule(true), false, "license_not_valid", RuleKind.Unprocessable },
        { new OnlyThePostalServiceLoadsPriceListsRule(false), true, "forbidden", RuleKind.Forbidden },
        { new OnlyThePostalServiceLoadsPriceListsRule(true), false, "forbidden", RuleKind.Forbidden },
        { new MailClassMustBeOfferedRule("periodicals"), true, "mail_class_unknown", RuleKind.BadInput },
        { new MailClassMustBeOfferedRule(RateCategory.All[0].MailClass), false, "mail_class_unknown", RuleKind.BadInput },
    };

    [Theory]
    [MemberData(nameof(CapCases))]
    public void CapAndCertificateRule_BreaksOnlyWhenItShould_WithItsCodeAndKind(IBusinessRule rule, bool broken, string code, RuleKind kind) =>
        AssertRule(rule, broken, code, kind);

    [Theory]
    [MemberData(nameof(FundsAndRatesCases))]
    public void FundsAndRatesRule_BreaksOnlyWhenItShould_WithItsCodeAndKind(IBusinessRule rule, bool broken, string code, RuleKind kind) =>
        AssertRule(rule, broken, code, kind);

    private static void AssertRule(IBusinessRule rule, bool broken, string code, RuleKind kind)
    {
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal(code, rule.Code);
        Assert.Equal(kind, rule.Kind);
        Assert.Matches(@"P050 \d|§502", rule.Message);
    }
}
