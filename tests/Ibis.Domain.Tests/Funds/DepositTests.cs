using Ibis.Domain.Funds;
using Xunit;

namespace Ibis.Domain.Tests.Funds;

/// <summary>A deposit (P050 3.5a, §502.25) is settled once: pending → confirmed | failed; an ACH return fails even a confirmed one.</summary>
public sealed class DepositTests
{
    [Fact]
    public void APendingDeposit_IsConfirmed()
    {
        var deposit = Deposit.Load("dep_a", DepositStatus.Pending);
        deposit.Confirm();
        Assert.Equal(DepositStatus.Confirmed, deposit.Status);
    }

    [Fact]
    public void APendingDeposit_Fails()
    {
        var deposit = Deposit.Load("dep_a", DepositStatus.Pending);
        deposit.Fail();
        Assert.Equal(DepositStatus.Failed, deposit.Status);
    }

    [Fact]
    public void APendingDeposit_AwaitsItsProcessor_AndStaysPending()
    {
        var deposit = Deposit.Load("dep_a", DepositStatus.Pending);
        deposit.AwaitClearing();
        Assert.Equal(DepositStatus.Pending, deposit.Status);
    }

    public static TheoryData<DepositStatus, string> Settled => new()
    {
        { DepositStatus.Confirmed, "deposit dep_a is already confirmed" },
        { DepositStatus.Failed, "deposit dep_a is already failed" },
    };

    [Theory]
    [MemberData(nameof(Settled))]
    public void ASettledDeposit_IsNotSettledAgain(DepositStatus status, string message)
    {
        foreach (var move in new Action<Deposit>[] { d => d.Confirm(), d => d.Fail(), d => d.AwaitClearing() })
        {
            var deposit = Deposit.Load("dep_a", status);
            var refused = Assert.Throws<BusinessRuleViolationException>(() => move(deposit));
            Assert.IsType<DepositTransitionMustBeAllowedRule>(refused.Rule);
            Assert.Equal(("deposit_already_settled", RuleKind.Conflict, message), (refused.Code, refused.Rule.Kind, refused.Message));
            Assert.Equal(status, deposit.Status);
        }
    }

    [Fact]
    public void AnAchReturn_FailsAPendingDeposit_WithNothingToReverse()
    {
        var deposit = Deposit.Load("dep_a", DepositStatus.Pending);
        Assert.False(deposit.Return());
        Assert.Equal(DepositStatus.Failed, deposit.Status);
    }

    [Fact]
    public void AnAchReturn_FailsAConfirmedDeposit_WhoseCreditIsReversed()
    {
        var deposit = Deposit.Load("dep_a", DepositStatus.Confirmed);
        Assert.True(deposit.Return());
        Assert.Equal(DepositStatus.Failed, deposit.Status);
    }

    [Fact]
    public void AnAchReturn_OfAFailedDeposit_IsRefused()
    {
        var deposit = Deposit.Load("dep_a", DepositStatus.Failed);
        Assert.Equal("deposit_already_settled", Assert.Throws<BusinessRuleViolationException>(() => deposit.Return()).Code);
        Assert.Equal(DepositStatus.Failed, deposit.Status);
    }

    [Theory]
    [InlineData(DepositStatus.Pending, DepositStatus.Confirmed, true)]
    [InlineData(DepositStatus.Pending, DepositStatus.Failed, true)]
    [InlineData(DepositStatus.Pending, DepositStatus.Pending, true)]
    [InlineData(DepositStatus.Confirmed, DepositStatus.Failed, false)]
    [InlineData(DepositStatus.Confirmed, DepositStatus.Pending, false)]
    [InlineData(DepositStatus.Confirmed, DepositStatus.Confirmed, false)]
    [InlineData(DepositStatus.Failed, DepositStatus.Confirmed, false)]
    [InlineData(DepositStatus.Failed, DepositStatus.Pending, false)]
    [InlineData(DepositStatus.Failed, DepositStatus.Failed, false)]
    public void OnlyAPendingDeposit_Moves(DepositStatus from, DepositStatus to, bool allowed)
    {
        Assert.Equal(allowed, DepositStatuses.Allows(from, to));
        Assert.Equal(!allowed, new DepositTransitionMustBeAllowedRule("dep_a", from, to).IsBroken());
    }
}
