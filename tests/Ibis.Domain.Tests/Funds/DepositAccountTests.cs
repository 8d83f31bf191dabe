using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Xunit;

namespace Ibis.Domain.Tests.Funds;

/// <summary>
/// The deposit account (P050 3.3, 3.5, 3.5a; §502.25(c)(1)): a reset is paid by the deposit and, for the rest, by the
/// provider's advance within its limit; advances stay within the limit; repayments within what is outstanding and what
/// the deposit holds; an account closes with its advance repaid; a returned deposit becomes an advance where the
/// deposit falls short.
/// </summary>
public sealed class DepositAccountTests
{
    private static Mills D(decimal dollars) => Mills.FromMills((long)(dollars * 1000));

    private static DepositAccount Account(decimal balance, decimal outstanding = 0, decimal limit = 0, AccountStatus status = AccountStatus.Open) =>
        DepositAccount.Load("acct_a", status, D(balance), D(outstanding), D(limit));

    private static string Refusal(Action act) => Assert.Throws<BusinessRuleViolationException>(act).Rule.Code;

    [Fact]
    public void AResetTheDepositCovers_NeedsNoAdvance()
    {
        Assert.Equal(Mills.Zero, Account(100).PayForReset(D(100)));
    }

    [Fact]
    public void AResetBeyondTheDeposit_TakesTheRestFromTheAdvance_WithinItsRoom()
    {
        var account = Account(30, outstanding: 20, limit: 100);
        Assert.Equal(D(80), account.AdvanceRoom);
        Assert.Equal(D(70), account.PayForReset(D(100)));
        Assert.Equal("insufficient_funds", Refusal(() => account.PayForReset(D(110.001m))));
    }

    [Theory]
    [InlineData(AccountStatus.Closing)]
    [InlineData(AccountStatus.Closed)]
    public void AnAccountNotOpen_PaysNoReset(AccountStatus status)
    {
        Assert.Equal("account_closed", Refusal(() => Account(500, status: status).PayForReset(D(1))));
        Assert.Equal("account_closed", Refusal(() => Account(500, status: status).RequireOpen()));
    }

    [Fact]
    public void AnAdvance_StaysWithinTheLimit()
    {
        var account = Account(0, outstanding: 40, limit: 50);
        account.Advance(D(10));
        Assert.Equal(D(50), account.AdvanceOutstanding);
        Assert.Equal("advance_limit_exceeded", Refusal(() => account.Advance(D(0.001m))));
        Assert.Equal(D(50), account.AdvanceOutstanding);
    }

    [Fact]
    public void ALowerLimit_CallsNothingBack_AndANegativeOneIsRefused()
    {
        var account = Account(0, outstanding: 40, limit: 50);
        account.SetAdvanceLimit(D(10));
        Assert.Equal(D(10), account.AdvanceLimit);
        Assert.Equal(D(40), account.AdvanceOutstanding);
        Assert.Equal(Mills.Zero, account.AdvanceRoom);
        Assert.Equal("amount_invalid", Refusal(() => account.SetAdvanceLimit(D(-0.001m))));
    }

    [Fact]
    public void ARepayment_IsWithinWhatIsOutstanding_AndWhatTheDepositHolds()
    {
        Assert.Equal("repayment_exceeds_advance", Refusal(() => Account(100, outstanding: 10, limit: 50).Repay(D(10.001m))));
        var shortOfMoney = Assert.Throws<BusinessRuleViolationException>(() => Account(5, outstanding: 10, limit: 50).Repay(D(6)));
        Assert.Equal("insufficient_funds", shortOfMoney.Rule.Code);
        Assert.Contains("repayment", shortOfMoney.Rule.Message, StringComparison.Ordinal);
        var account = Account(100, outstanding: 10, limit: 50);
        account.Repay(D(4));
        Assert.Equal(D(6), account.AdvanceOutstanding);
    }

    [Fact]
    public void Closing_RepaysTheAdvanceFromTheDeposit_OrIsRefusedWhenItCannot()
    {
        var account = Account(100, outstanding: 30, limit: 50);
        Assert.Equal(D(30), account.RepayAtClosing());
        Assert.Equal(Mills.Zero, account.AdvanceOutstanding);
        Assert.Equal(Mills.Zero, Account(100).RepayAtClosing());
        Assert.Equal("advance_outstanding", Refusal(() => Account(29.999m, outstanding: 30, limit: 50).RepayAtClosing()));
    }

    [Fact]
    public void AReturnedDeposit_ComesOutOfTheDeposit_AndTheShortfallIsAdvanced_EvenBeyondTheLimit()
    {
        Assert.Equal(Mills.Zero, Account(100).TakeBackReturnedDeposit(D(60)));
        var account = Account(20, outstanding: 0, limit: 10);
        Assert.Equal(D(40), account.TakeBackReturnedDeposit(D(60)));
        Assert.Equal(D(40), account.AdvanceOutstanding);
    }
}
