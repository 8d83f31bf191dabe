namespace Ibis.Domain.Refunds;

/// <summary>
/// The one refund process of P050 3.3 and §502.27: unused postage (a), a device's remaining balance
/// at check-out (b) and a deposit account's closing (c) all move through these states. Stored as
/// requested | under_review | certified | approved | rejected | paid.
/// </summary>
[StoredAsText]
public enum RefundStatus
{
    /// <summary>The licensee asked (for unused postage: its Form 3533 with Part IV, §502.27(a)(1)).</summary>
    Requested,

    /// <summary>The provider verifies the pieces it received and annotates Part IV (§502.27(a)(2)–(3)).</summary>
    UnderReview,

    /// <summary>An individual authorized by the provider signed the amount; the form went to the district (§502.27(a)(4)–(5)).</summary>
    Certified,

    /// <summary>The district MATS coordinator approved the credit (§502.27(a)(6)).</summary>
    Approved,

    /// <summary>Refused, with its reason; nothing is paid.</summary>
    Rejected,

    /// <summary>The amount was credited to the licensee's CMRS (deposit) account.</summary>
    Paid,
}

/// <summary>What a refund is for (§502.27 (a), (b), (c)); stored as unused_postage | device_balance | account_balance.</summary>
[StoredAsText]
public enum RefundKind
{
    UnusedPostage,
    /// <summary>§502.27(b): the remaining balance of a device checked out (Form 3601-C).</summary>
    DeviceBalance,

    /// <summary>§502.27(c): the balance of a closed CMRS (deposit) account, paid by check.</summary>
    AccountBalance,
}

public static class RefundStatuses
{
    /// <summary>The moves the process allows; everything else is refused by <see cref="RefundTransitionMustBeAllowedRule"/>.</summary>
    public static bool Allows(RefundStatus from, RefundStatus to) => (from, to) switch
    {
        (RefundStatus.Requested, RefundStatus.UnderReview) => true,
        (RefundStatus.UnderReview, RefundStatus.Certified) => true,
        (RefundStatus.Certified, RefundStatus.Approved) => true,
        (RefundStatus.Approved, RefundStatus.Paid) => true,
        (RefundStatus.Requested or RefundStatus.UnderReview or RefundStatus.Certified, RefundStatus.Rejected) => true,
        _ => false,
    };
}
