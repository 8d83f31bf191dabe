using Ibis.Domain.Funds;
using Ibis.Domain.Refunds;
using Xunit;

namespace Ibis.Domain.Tests.Refunds;

/// <summary>Issue 13: the rules joining device balances and closings to the refund process, the provider's receipt and the audit.</summary>
public sealed class RefundProcessRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Kinds_AreWrittenAsTheApiNamesThem()
    {
        Assert.Equal("device_balance", RefundKind.DeviceBalance.ToText());
        Assert.Equal("account_balance", RefundKind.AccountBalance.ToText());
        Assert.Equal(RefundKind.AccountBalance, EnumText<RefundKind>.Parse("account_balance"));
    }

    [Fact]
    public void UnusedPostage_IsCertifiedOnlyAfterTheProvidersReceipt_ABalanceHasNoPieces()
    {
        Assert.True(new CertificationRequiresReceiptRule("rfd_x", RefundKind.UnusedPostage, null).IsBroken());
        Assert.False(new CertificationRequiresReceiptRule("rfd_x", RefundKind.UnusedPostage, Now).IsBroken());
        Assert.False(new CertificationRequiresReceiptRule("rfd_x", RefundKind.DeviceBalance, null).IsBroken());
        Assert.Equal("receipt_required", new CertificationRequiresReceiptRule("rfd_x", RefundKind.UnusedPostage, null).Code);
    }

    [Fact]
    public void AReceipt_IsRecordedOnce_ForUnusedPostage_WithScans()
    {
        Assert.False(new ReceiptMustBeOpenRule("rfd_x", RefundKind.UnusedPostage, null).IsBroken());
        Assert.True(new ReceiptMustBeOpenRule("rfd_x", RefundKind.UnusedPostage, Now).IsBroken());
        Assert.True(new ReceiptMustBeOpenRule("rfd_x", RefundKind.AccountBalance, null).IsBroken());
        Assert.True(new ReceiptMustHoldScansRule(0).IsBroken());
        Assert.True(new ReceiptMustHoldScansRule(ReceiptMustHoldScansRule.MaxFiles + 1).IsBroken());
        Assert.False(new ReceiptMustHoldScansRule(1).IsBroken());
        Assert.Equal(("not_received", true), (new PieceMustBeReceivedRule(false).Code, new PieceMustBeReceivedRule(false).IsBroken()));
    }

    [Fact]
    public void AnAudit_StatesAFinding_WhileThePiecesAreRetained()
    {
        Assert.True(new AuditRequiresRetainedPiecesRule("rfd_x", null, null).IsBroken());
        Assert.False(new AuditRequiresRetainedPiecesRule("rfd_x", Now, null).IsBroken());
        Assert.True(new AuditRequiresRetainedPiecesRule("rfd_x", Now, Now.AddDays(46)).IsBroken());
        Assert.True(new AuditMustStateFindingRule(" ").IsBroken());
        Assert.True(new AuditMustStateFindingRule(new string('x', 1001)).IsBroken());
        Assert.False(new AuditMustStateFindingRule("all pieces present").IsBroken());
    }

    [Fact]
    public void AnAccount_ClosesOnlyWithEveryRefundSettled_AndARejectedClosingReopensItAlone()
    {
        Assert.True(new AccountClosingRequiresSettledRefundsRule(["rfd_a"]).IsBroken());
        Assert.Contains("rfd_a", new AccountClosingRequiresSettledRefundsRule(["rfd_a"]).Message, StringComparison.Ordinal);
        Assert.False(new AccountClosingRequiresSettledRefundsRule([]).IsBroken());
        Assert.True(new RejectedClosingReopensTheAccountRule("acct_a", "acct_b").IsBroken());
        Assert.False(new RejectedClosingReopensTheAccountRule("acct_a", null).IsBroken());
    }

    [Fact]
    public void ADeviceBalance_MovesThroughTheSameStates()
    {
        var refund = Refund.Request("rfd_x", RefundKind.DeviceBalance);
        refund.BeginReview();
        refund.Certify("Pat Provider", Ibis.Domain.Money.Mills.FromMills(99_260));
        refund.Approve();
        refund.Pay();
        Assert.Equal(RefundStatus.Paid, refund.Status);
        Assert.Equal("refund_status_conflict", Assert.Throws<BusinessRuleViolationException>(() => refund.Reject("late")).Code);
    }
}
