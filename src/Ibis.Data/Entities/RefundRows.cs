using Ibis.Domain.Refunds;

namespace Ibis.Data.Entities;

/// <summary>
/// A refund request of §502.27 in its one state machine (Ibis.Domain.Refunds.RefundStatus): unused
/// postage with its Form 3533, a device's balance at check-out, or an account closing.
/// </summary>
public sealed class RefundRequestRow
{
    public required string Id { get; set; }
    public required RefundKind Kind { get; set; }
    public required RefundStatus Status { get; set; }
    public required string LicenseeId { get; set; }
    public required string ProviderId { get; set; }
    /// <summary>The device (IBI system) the Form 3533 names; for a device balance, the device checked out.</summary>
    public string? DeviceId { get; set; }
    /// <summary>For a device balance (§502.27(b)): the Form 3601-C it refunds.</summary>
    public string? ActivityReportId { get; set; }
    public bool Sandbox { get; set; }
    /// <summary>What the licensee listed (every piece read), and what qualifies after verification.</summary>
    public long ListedMills { get; set; }
    public long QualifyingMills { get; set; }
    public string? RejectionCode { get; set; }
    public string? RejectionReason { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    /// <summary>§502.27(a)(4): the individual who signed Part IV, the user or key that recorded it, and the SHA-256 of what was signed.</summary>
    public string? CertifiedBy { get; set; }
    public string? CertifiedByUser { get; set; }
    public string? CertificationDigest { get; set; }
    public long? CertifiedMills { get; set; }
    public DateTimeOffset? CertifiedAt { get; set; }
    /// <summary>§502.27(a)(5): the transmission of the form to the district, and when.</summary>
    public string? TransmissionId { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>§502.27(a)(7): the pieces are retained until then, then destroyed (the destruction is logged).</summary>
    public DateTimeOffset? RetainUntil { get; set; }
    public DateTimeOffset? PiecesDestroyedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? AccountId { get; set; }
    public string? LedgerTransactionId { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? RejectedAt { get; set; }
    /// <summary>§502.27(a)(2)–(3): when the provider recorded the pieces it physically received, and who.</summary>
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReceivedBy { get; set; }
    /// <summary>§502.27(a)(7): the Postal Service's latest audit of the retained pieces — who, when, what it found.</summary>
    public DateTimeOffset? AuditedAt { get; set; }
    public string? AuditedBy { get; set; }
    public string? AuditFinding { get; set; }
}

/// <summary>
/// One piece the provider physically received for a refund, as read from its scans (§502.27(a)(2)–(3)):
/// matched to a line of Part IV (confirmed), or received but not asked for, or an unreadable page.
/// </summary>
public sealed class RefundReceiptRow
{
    public required string RefundId { get; set; }
    public int Number { get; set; }
    /// <summary>The scanned page it was read on.</summary>
    public required string Page { get; set; }
    /// <summary>confirmed | not_asked_for | received_twice | altered | unreadable</summary>
    public required string Outcome { get; set; }
    /// <summary>The Part IV line it confirms.</summary>
    public int? Line { get; set; }
    /// <summary>The licensee's indicium it is; null for a piece that is not one of the licensee's, or unreadable.</summary>
    public string? IndiciumId { get; set; }
    public string? Detail { get; set; }
}

/// <summary>One line of Part IV: a listed piece and its verdict (§502.27(a)(1), (3)).</summary>
public sealed class RefundPieceRow
{
    public required string RefundId { get; set; }
    public int Line { get; set; }
    /// <summary>The indicium, when the piece matched one of the licensee's; null for an unknown or unreadable piece.</summary>
    public string? IndiciumId { get; set; }
    /// <summary>What the licensee listed: the indicium id it gave, or the scanned page it came from.</summary>
    public required string ListedAs { get; set; }
    /// <summary>selected | scan</summary>
    public required string Source { get; set; }
    public string? DeviceId { get; set; }
    public long? PostageMills { get; set; }
    public DateOnly? MailingDate { get; set; }
    public bool Qualifies { get; set; }
    public string? ReasonCode { get; set; }
    public string? Reason { get; set; }
    public string? AnnotatedBy { get; set; }
}

/// <summary>
/// Refunded means refunded: one row per indicium ever claimed by a refund that was not rejected. The
/// primary key on the indicium makes the database refuse a second refund of the same piece, even
/// from two requests racing on two nodes.
/// </summary>
public sealed class RefundedPieceRow
{
    public required string IndiciumId { get; set; }
    public required string RefundId { get; set; }
    public required string DeviceId { get; set; }
    public long PieceNumber { get; set; }
    public long PostageMills { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>A scanned page the request could not read (named in the answer; the other pages were still processed).</summary>
public sealed class RefundPageRow
{
    public required string RefundId { get; set; }
    public int Number { get; set; }
    public required string Name { get; set; }
    public int Symbols { get; set; }
    public string? Error { get; set; }
}

/// <summary>What happened to a refund, and who did it: requested, reviewed, certified, sent, approved, paid, rejected, pieces destroyed.</summary>
public sealed class RefundEventRow
{
    public required string RefundId { get; set; }
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required string Actor { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
