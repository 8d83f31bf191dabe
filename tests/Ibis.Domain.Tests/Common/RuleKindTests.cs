using Ibis.Domain.Funds;
using Ibis.Domain.Indicia;
using Ibis.Domain.Licensing;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Common;

/// <summary>
/// The refusal's kind is declared by its rule (issue 18), not looked up by code at the edge: the rules whose
/// codes the API once mapped by name keep the kinds behind the statuses clients see — payment 402, bad
/// input 400, forbidden 403, and 422 for the states that are neither.
/// </summary>
public sealed class RuleKindTests
{
    private static readonly Mills Dollar = Mills.FromMills(1_000);

    public static TheoryData<IBusinessRule, string, RuleKind> Cases => new()
    {
        { new DescendingRegisterMustCoverPostageRule(Mills.Zero, Dollar), "insufficient_postage", RuleKind.PaymentRequired },
        { new BatchMustFitDescendingRegisterRule(Mills.Zero, [Dollar]), "insufficient_postage", RuleKind.PaymentRequired },
        { new FundsMustCoverResetRule(Mills.Zero, Dollar), "insufficient_funds", RuleKind.PaymentRequired },
        { new PostageMustBePositiveRule(Mills.Zero), "postage_invalid", RuleKind.BadInput },
        { new AmountMustBePositiveRule(Mills.Zero, "amount"), "amount_invalid", RuleKind.BadInput },
        { new CorrectionNeedsPostageRule(null), "postage_required", RuleKind.BadInput },
        { new AdMustIdentifyMailerRule("Spring sale", null), "ad_mailer_not_identified", RuleKind.BadInput },
        { new LicenseMustBeValidRule("lic_1", LicenseStatus.Revoked), "license_revoked", RuleKind.Forbidden },
        { new LicenseMustBeValidRule("lic_1", LicenseStatus.Superseded), "license_not_valid", RuleKind.Unprocessable },
        { new DeviceMustBeInServiceRule(DeviceStatus.Inventory, null), "device_not_in_service", RuleKind.Forbidden },
        { new DeviceMustBeInServiceRule(DeviceStatus.Locked, "tamper"), "device_locked", RuleKind.Unprocessable },
        { new DeviceMustBeInServiceRule(DeviceStatus.Withdrawn, null), "device_withdrawn", RuleKind.Unprocessable },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_DeclaresTheKindOfItsRefusal(IBusinessRule rule, string code, RuleKind kind)
    {
        Assert.True(rule.IsBroken());
        Assert.Equal(code, rule.Code);
        Assert.Equal(kind, rule.Kind);
    }
}
