using Ibis.Domain.Funds;
using Ibis.Domain.Funds.Ach;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Domain.Tests.Funds;

/// <summary>Money in a live installation: P050 3.5a and §502.25 (gateways, ACH), P050 1.5 and §502.22(b) (sample price lists).</summary>
public sealed class MoneyRulesTests
{
    [Theory]
    [InlineData(true, true, true)]    // the sandbox gateway and a live account: refused
    [InlineData(true, false, false)]  // the sandbox gateway serves sandbox accounts
    [InlineData(false, true, false)]  // a real gateway serves live accounts
    public void P050_3_5a_TheSandboxGatewayServesSandboxAccountsOnly(bool sandboxGateway, bool liveAccount, bool broken)
    {
        var rule = new PaymentGatewaySandboxOnlyRule(sandboxGateway ? "sandbox" : "manual", sandboxGateway, liveAccount);
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("payment_gateway_sandbox_only", rule.Code);
        Assert.Contains("P050 3.5a", rule.Message, StringComparison.Ordinal);
        Assert.Contains("§502.25", rule.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(250_000, false)]
    [InlineData(99_999_999_990, false)] // $99,999,999.99: ten digits of cents
    [InlineData(1, true)]                // a mill is not a cent
    [InlineData(12_345, true)]
    [InlineData(100_000_000_000, true)]  // $100,000,000.00 does not fit the field
    public void AnAchDebit_MovesWholeCents_ThatFitTheAmountField(long mills, bool broken)
    {
        var rule = new AchAmountRule(Mills.FromMills(mills));
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("amount_not_whole_cents", rule.Code);
        Assert.Equal("amount", rule.Field);
        Assert.Equal(RuleKind.BadInput, rule.Kind);
    }

    [Fact]
    public void ALiveAchDebit_SettlesByAch_NotByHand()
    {
        Assert.True(new AchDebitSettlesByAchRule("dep_a", LiveAchDebit: true).IsBroken());
        Assert.False(new AchDebitSettlesByAchRule("dep_a", LiveAchDebit: false).IsBroken());
        Assert.Equal(RuleKind.Conflict, new AchDebitSettlesByAchRule("dep_a", true).Kind);
    }

    [Theory]
    [InlineData("R01", "R01 insufficient funds")]
    [InlineData("R02", "R02 account closed")]
    [InlineData("R99", "R99 returned")]
    public void ReturnReasons_AreNamed(string code, string described)
    {
        Assert.Equal(described, AchReturnReasons.Describe(code));
    }

    [Theory]
    [InlineData(true, true, true)]    // a SAMPLE list never prices live postage
    [InlineData(true, false, false)]  // sandbox devices keep printing with it
    [InlineData(false, true, false)]  // the Postal Service's list prices live postage
    [InlineData(false, false, false)]
    public void P050_1_5_ASampleListNeverPricesLivePostage(bool sample, bool live, bool broken)
    {
        var rule = new SampleRateTableRule("sample-2025-07", sample, live);
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("rate_table_sample", rule.Code);
        Assert.Equal(RuleKind.Unprocessable, rule.Kind);
        Assert.Contains("P050 1.5", rule.Message, StringComparison.Ordinal);
        Assert.Contains("sample-2025-07", rule.Message, StringComparison.Ordinal);
    }
}
