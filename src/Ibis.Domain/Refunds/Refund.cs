using Ibis.Domain.Money;

namespace Ibis.Domain.Refunds;

/// <summary>
/// The refund aggregate (DESIGN §3): one state machine for every kind of §502.27 refund. It holds the
/// state and refuses every move the rule does not allow; the server loads it from its row, calls a
/// verb, and stores <see cref="Status"/> back.
/// </summary>
public sealed class Refund
{
    /// <summary>§502.27(a)(7): "retained by the Provider for 45 days after the Form 3533 has been sent to the District."</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(45);

    private Refund(string id, RefundKind kind, RefundStatus status)
    {
        Id = id;
        Kind = kind;
        Status = status;
    }

    public string Id { get; }

    public RefundKind Kind { get; }

    public RefundStatus Status { get; private set; }

    public static Refund Load(string id, RefundKind kind, RefundStatus status) => new(id, kind, status);

    /// <summary>A new request; with nothing that qualifies it is rejected at once, with that reason.</summary>
    public static Refund Request(string id, RefundKind kind) => new(id, kind, RefundStatus.Requested);

    /// <summary>§502.27(a)(2)–(3): the provider received the pieces and verifies them.</summary>
    public void BeginReview() => MoveTo(RefundStatus.UnderReview);

    /// <summary>
    /// §502.27(a)(4)–(5): an authorized individual signs the amount below Part IV and the form goes
    /// to the district. A request still waiting for review passes through review first.
    /// </summary>
    public void Certify(string? signedBy, Mills amount)
    {
        Rules.Check(new CertificationMustBeSignedRule(signedBy));
        Rules.Check(new CertifiedAmountMustBePositiveRule(Id, amount));
        if (Status == RefundStatus.Requested) MoveTo(RefundStatus.UnderReview);
        MoveTo(RefundStatus.Certified);
    }

    /// <summary>§502.27(a)(6): the district MATS coordinator arranges the credit.</summary>
    public void Approve() => MoveTo(RefundStatus.Approved);

    /// <summary>P050 3.3: "Refunds will be credited to the licensee's CMRS account."</summary>
    public void Pay() => MoveTo(RefundStatus.Paid);

    public void Reject(string? reason)
    {
        Rules.Check(new RejectionMustGiveReasonRule(reason));
        MoveTo(RefundStatus.Rejected);
    }

    /// <summary>Until when the pieces of a form sent at <paramref name="sentAt"/> are kept for a Postal Service audit.</summary>
    public static DateTimeOffset RetainUntil(DateTimeOffset sentAt) => sentAt + Retention;

    private void MoveTo(RefundStatus to)
    {
        Rules.Check(new RefundTransitionMustBeAllowedRule(Id, Status, to));
        Status = to;
    }
}
