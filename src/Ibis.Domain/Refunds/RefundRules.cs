using Ibis.Domain.Money;

namespace Ibis.Domain.Refunds;

/// <summary>
/// §502.27(a): requested → under review (the provider scans) → certified (signed, sent to the district)
/// → approved (the district MATS coordinator) → paid (credited); rejected from any state before approval.
/// </summary>
public sealed record RefundTransitionMustBeAllowedRule(string RefundId, RefundStatus From, RefundStatus To) : IBusinessRule
{
    public string Code => "refund_status_conflict";

    public string Message => $"refund {RefundId} is {From.ToWords()}; it cannot become {To.ToWords()} (39 CFR 502.27(a): requested, under review, certified, approved, paid)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !RefundStatuses.Allows(From, To);
}

/// <summary>§502.27(a)(1): the licensee's Form 3533 lists the pieces it asks a refund for; an empty request asks nothing.</summary>
public sealed record RefundRequestMustListPiecesRule(int Pieces, int Pages) : IBusinessRule
{
    public string Code => "refund_pieces_required";

    public string Message => "list the pieces (indicia, by id) or send scans of them (scans); a Form 3533 for unused postage details its pieces in Part IV (39 CFR 502.27(a)(1))";

    public string? Field => "indicia";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Pieces == 0 && Pages == 0;
}

/// <summary>One request holds at most this many pieces and pages, so one request stays one bounded transaction.</summary>
public sealed record RefundRequestMustBeBoundedRule(int Pieces, int Pages) : IBusinessRule
{
    public const int MaxPieces = 1_000;
    public const int MaxPages = 100;

    public string Code => "refund_request_too_large";

    public string Message => $"a request holds at most {MaxPieces} pieces and {MaxPages} scanned pages; split it into several requests";

    public string? Field => Pieces > MaxPieces ? "indicia" : "scans";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Pieces > MaxPieces || Pages > MaxPages;
}

/// <summary>§502.27(a)(4): "An individual authorized by the Provider must certify the amount of the refund by signing Part IV."</summary>
public sealed record CertificationMustBeSignedRule(string? SignedBy) : IBusinessRule
{
    public string Code => "signature_required";

    public string Message => "name the individual authorized by the provider who signs Part IV (signed_by, 1 to 200 characters; 39 CFR 502.27(a)(4))";

    public string? Field => "signed_by";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrWhiteSpace(SignedBy) || SignedBy.Trim().Length > 200;
}

/// <summary>A refused request says why, so the licensee can answer it (DESIGN: "a reason for every rejected piece or request").</summary>
public sealed record RejectionMustGiveReasonRule(string? Reason) : IBusinessRule
{
    public string Code => "reason_required";

    public string Message => "state the reason the refund is rejected (1 to 500 characters)";

    public string? Field => "reason";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrWhiteSpace(Reason) || Reason.Trim().Length > 500;
}

/// <summary>
/// P050 3.3: "Refunds will be credited to the licensee's CMRS account." A certified amount of nothing
/// is not sent to the district: a request in which no piece qualifies is rejected instead.
/// </summary>
public sealed record CertifiedAmountMustBePositiveRule(string RefundId, Mills Amount) : IBusinessRule
{
    public string Code => "refund_nothing_qualifies";

    public string Message => $"no piece of refund {RefundId} qualifies ({Amount.ToDollarString()}); reject it with its reasons instead of certifying it";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Amount.IsPositive;
}

/// <summary>§502.27(a)(7): the provider keeps the unused pieces 45 days after the form is sent; only then are they destroyed.</summary>
public sealed record RetainedPiecesMayBeDestroyedRule(string RefundId, DateTimeOffset? RetainUntil, DateTimeOffset Now) : IBusinessRule
{
    public string Code => "refund_pieces_retained";

    public string Message => RetainUntil is { } until
        ? $"the pieces of refund {RefundId} are retained for a Postal Service audit until {until:yyyy-MM-dd} (39 CFR 502.27(a)(7))"
        : $"the Form 3533 of refund {RefundId} has not been sent to the district; its pieces are retained (39 CFR 502.27(a)(7))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => RetainUntil is not { } until || Now < until;
}

/// <summary>
/// §502.27(a)(2)–(4): the provider certifies the amount of pieces it received and scanned; a refund of
/// unused postage is certified only after the provider recorded the pieces it physically received.
/// </summary>
public sealed record CertificationRequiresReceiptRule(string RefundId, RefundKind RefundKind, DateTimeOffset? ReceivedAt) : IBusinessRule
{
    public string Code => "receipt_required";

    public string Message => $"the provider has not recorded the pieces it received for refund {RefundId}; scan them (POST /v1/refunds/{RefundId}/receipt) before certifying (39 CFR 502.27(a)(2)–(4))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => RefundKind == RefundKind.UnusedPostage && ReceivedAt is null;
}

/// <summary>Pieces are received for a refund of unused postage only, once, with at least one scanned file.</summary>
public sealed record ReceiptMustHoldScansRule(int Files) : IBusinessRule
{
    public const int MaxFiles = 100;

    public string Code => "receipt_scans_required";

    public string Message => $"send the scans of the pieces received (scans: 1 to {MaxFiles} PNG, JPEG or PDF files)";

    public string? Field => "scans";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Files is 0 or > MaxFiles;
}

/// <summary>The provider records what it received once; a device balance or closing has no pieces to receive.</summary>
public sealed record ReceiptMustBeOpenRule(string RefundId, RefundKind RefundKind, DateTimeOffset? ReceivedAt) : IBusinessRule
{
    public string Code => "receipt_not_open";

    public string Message => RefundKind != RefundKind.UnusedPostage
        ? $"refund {RefundId} is not for unused postage: it has no pieces to receive"
        : $"the pieces received for refund {RefundId} were recorded at {ReceivedAt:yyyy-MM-dd HH:mm} UTC; a receipt is recorded once";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => RefundKind != RefundKind.UnusedPostage || ReceivedAt is not null;
}

/// <summary>§502.27(a)(7): "During this period the Postal Service reserves the right to audit the pieces" — while they are retained.</summary>
public sealed record AuditRequiresRetainedPiecesRule(string RefundId, DateTimeOffset? SentAt, DateTimeOffset? DestroyedAt) : IBusinessRule
{
    public string Code => "refund_not_retained";

    public string Message => DestroyedAt is { } gone
        ? $"the pieces of refund {RefundId} were destroyed at {gone:yyyy-MM-dd}; there is nothing left to audit"
        : $"the Form 3533 of refund {RefundId} has not been sent to the district; its pieces are not yet retained for audit (39 CFR 502.27(a)(7))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => SentAt is null || DestroyedAt is not null;
}

/// <summary>An audit records what the Postal Service found (1 to 1000 characters).</summary>
public sealed record AuditMustStateFindingRule(string? Finding) : IBusinessRule
{
    public string Code => "finding_required";

    public string Message => "state what the audit of the retained pieces found (finding, 1 to 1000 characters; 39 CFR 502.27(a)(7))";

    public string? Field => "finding";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrWhiteSpace(Finding) || Finding.Trim().Length > 1000;
}
