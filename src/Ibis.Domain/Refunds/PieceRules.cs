namespace Ibis.Domain.Refunds;

// The checks of §502.27(a)(3), "The Provider will scan the indicia to ensure that they are valid",
// one rule per reason a piece does not qualify. Each broken rule is the annotation of Part IV for that
// piece (§502.27(a)(3): "annotated to show corrections for nonqualifying pieces"); none refuses the
// whole request.

/// <summary>A scanned piece whose barcode cannot be read or is not an indicium cannot be verified.</summary>
public sealed record PieceBarcodeMustBeReadableRule(bool Readable, string? Detail) : IBusinessRule
{
    public string Code => "barcode_unreadable";

    public string Message => "the barcode could not be read as an indicium" + (Detail is null ? "" : $" ({Detail})") + "; it cannot be verified (39 CFR 502.27(a)(3))";

    public bool IsBroken() => !Readable;
}

/// <summary>The same piece is listed once; a second listing in one request is not paid twice.</summary>
public sealed record PieceMustBeListedOnceRule(bool ListedBefore) : IBusinessRule
{
    public string Code => "duplicate_in_request";

    public string Message => "this piece is already listed earlier in this request; it is counted once";

    public bool IsBroken() => ListedBefore;
}

/// <summary>DESIGN §4: sandbox indicia are never postage, so a live request never refunds one.</summary>
public sealed record PieceModeMustMatchRequestRule(bool RequestIsLive, bool PieceIsTest) : IBusinessRule
{
    public string Code => "test_piece_in_live_request";

    public string Message => "this is a sandbox (test) indicium: it was never postage, and a live request refunds live postage only";

    public bool IsBroken() => RequestIsLive && PieceIsTest;
}

/// <summary>
/// P050 3.3: refunds go to the licensee whose CMRS account paid for the postage. A piece this
/// installation does not know, or printed by another licensee, is unknown to the requester — nothing
/// about the other licensee is told.
/// </summary>
public sealed record PieceMustBeTheLicenseesRule(bool KnownAndOwned) : IBusinessRule
{
    public string Code => "indicium_unknown";

    public string Message => "no indicium of yours matches this piece; only the licensee's own pieces are refunded (P050 3.3)";

    public bool IsBroken() => !KnownAndOwned;
}

/// <summary>§502.27(a)(3): a tampered or forged barcode does not verify, and is not postage.</summary>
public sealed record PieceSignatureMustBeValidRule(bool Valid, string? Detail) : IBusinessRule
{
    public string Code => "signature_invalid";

    public string Message => "the indicium does not verify" + (Detail is null ? "" : $" ({Detail})") + ": it was altered or not made by the device (39 CFR 502.27(a)(3))";

    public bool IsBroken() => !Valid;
}

/// <summary>A request names one device; its pieces were printed by that device (the Form 3533 names the IBI system).</summary>
public sealed record PieceMustComeFromRequestDeviceRule(string? RequestDeviceId, string PieceDeviceId) : IBusinessRule
{
    public string Code => "device_mismatch";

    public string Message => $"this piece was printed by another of your devices, not {RequestDeviceId}; ask for it in a request naming its device";

    public bool IsBroken() => RequestDeviceId is not null && RequestDeviceId != PieceDeviceId;
}

/// <summary>P050 3.3, §502.27(a)(1): "Postage refunds will be granted only for pieces that are 30 days old or less."</summary>
public sealed record PieceMustBeThirtyDaysOldOrLessRule(DateOnly MailingDate, DateOnly Today) : IBusinessRule
{
    public const int MaxAgeDays = 30;

    public int AgeDays => Today.DayNumber - MailingDate.DayNumber;

    public string Code => "piece_too_old";

    public string Message => $"dated {MailingDate:yyyy-MM-dd}, this piece is {AgeDays} days old; refunds are granted only for pieces 30 days old or less (39 CFR 502.27(a)(1))";

    public bool IsBroken() => AgeDays > MaxAgeDays;
}

/// <summary>Refunded means refunded: a piece is refunded once, ever (§502.27(a); the database holds one row per refunded indicium).</summary>
public sealed record PieceMustNotBeRefundedRule(string? RefundedBy) : IBusinessRule
{
    public string Code => "already_refunded";

    public string Message => $"this piece was already refunded{(RefundedBy is null ? "" : $" (refund {RefundedBy})")}; a piece is refunded once";

    public bool IsBroken() => RefundedBy is not null;
}

/// <summary>§502.27(a): the refund is for unused postage; a piece seen in the mailstream was used.</summary>
public sealed record PieceMustBeUnusedRule(bool SeenInMailstream) : IBusinessRule
{
    public string Code => "seen_in_mailstream";

    public string Message => "this piece was scanned in the mailstream: its postage was used, not unused (39 CFR 502.27(a))";

    public bool IsBroken() => SeenInMailstream;
}

/// <summary>The provider found the piece wanting when it scanned the returned pieces (§502.27(a)(3)): its annotation.</summary>
public sealed record PieceAnnotatedByProviderRule(string Annotation) : IBusinessRule
{
    public string Code => "annotated_by_provider";

    public string Message => "the provider's annotation: " + Annotation;

    public bool IsBroken() => true;
}

/// <summary>
/// §502.27(a)(2)–(3): the unused pieces are sent to the provider with the form; a piece listed but not
/// among those the provider physically received cannot be verified, and Part IV is annotated.
/// </summary>
public sealed record PieceMustBeReceivedRule(bool Received) : IBusinessRule
{
    public string Code => "not_received";

    public string Message => "this piece was not among the pieces the provider received with the Form 3533; it cannot be verified (39 CFR 502.27(a)(2)–(3))";

    public bool IsBroken() => !Received;
}
