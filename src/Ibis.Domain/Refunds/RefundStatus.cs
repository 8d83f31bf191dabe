namespace Ibis.Domain.Refunds;

/// <summary>
/// The one refund process of P050 3.3 and §502.27: unused postage (a), a device's remaining balance
/// at check-out (b) and a deposit account's closing (c) all move through these states. Stored as the
/// lower_snake_case text of <c>RefundStatuses.ToText</c>.
/// </summary>
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

/// <summary>What a refund is for (§502.27 (a), (b), (c)).</summary>
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
    public static string ToText(this RefundStatus status) => status switch
    {
        RefundStatus.Requested => "requested",
        RefundStatus.UnderReview => "under_review",
        RefundStatus.Certified => "certified",
        RefundStatus.Approved => "approved",
        RefundStatus.Rejected => "rejected",
        RefundStatus.Paid => "paid",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static RefundStatus Parse(string text) => text switch
    {
        "requested" => RefundStatus.Requested,
        "under_review" => RefundStatus.UnderReview,
        "certified" => RefundStatus.Certified,
        "approved" => RefundStatus.Approved,
        "rejected" => RefundStatus.Rejected,
        "paid" => RefundStatus.Paid,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "not a refund status"),
    };

    public static string ToText(this RefundKind kind) => kind switch
    {
        RefundKind.UnusedPostage => "unused_postage",
        RefundKind.DeviceBalance => "device_balance",
        RefundKind.AccountBalance => "account_balance",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static RefundKind ParseKind(string text) => text switch
    {
        "unused_postage" => RefundKind.UnusedPostage,
        "device_balance" => RefundKind.DeviceBalance,
        "account_balance" => RefundKind.AccountBalance,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "not a refund kind"),
    };

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
