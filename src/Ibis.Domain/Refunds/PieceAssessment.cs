using Ibis.Domain.Money;

namespace Ibis.Domain.Refunds;

/// <summary>What the provider learned about one listed piece when it verified it (§502.27(a)(3)).</summary>
public sealed record PieceFacts
{
    public bool Readable { get; init; } = true;
    public string? ReadError { get; init; }
    public bool ListedBefore { get; init; }
    public bool RequestIsLive { get; init; }
    public bool PieceIsTest { get; init; }
    public bool KnownAndOwned { get; init; }
    public bool SignatureValid { get; init; }
    public string? SignatureDetail { get; init; }
    public string? RequestDeviceId { get; init; }
    public string PieceDeviceId { get; init; } = "";
    public DateOnly MailingDate { get; init; }
    public DateOnly Today { get; init; }
    public string? RefundedBy { get; init; }
    public bool SeenInMailstream { get; init; }
}

/// <summary>The verdict on one piece: it qualifies, or the first rule it breaks is its Part IV annotation.</summary>
public sealed record PieceVerdict(bool Qualifies, string? ReasonCode, string? Reason)
{
    public static readonly PieceVerdict Qualifying = new(true, null, null);

    public static PieceVerdict Broken(IBusinessRule rule) => new(false, rule.Code, rule.Message);
}

public static class PieceAssessment
{
    /// <summary>
    /// The checks in the order a clerk would make them: what cannot be read or is listed twice first,
    /// then what is not the requester's postage at all (test, unknown — before anything about the piece
    /// is told), then what the piece itself fails (signature, device, already refunded, age, used).
    /// </summary>
    public static PieceVerdict Judge(PieceFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        IBusinessRule[] rules =
        [
            new PieceBarcodeMustBeReadableRule(f.Readable, f.ReadError),
            new PieceMustBeListedOnceRule(f.ListedBefore),
            new PieceModeMustMatchRequestRule(f.RequestIsLive, f.PieceIsTest),
            new PieceMustBeTheLicenseesRule(f.KnownAndOwned),
            new PieceSignatureMustBeValidRule(f.SignatureValid, f.SignatureDetail),
            new PieceMustComeFromRequestDeviceRule(f.RequestDeviceId, f.PieceDeviceId),
            new PieceMustNotBeRefundedRule(f.RefundedBy),
            new PieceMustBeThirtyDaysOldOrLessRule(f.MailingDate, f.Today),
            new PieceMustBeUnusedRule(f.SeenInMailstream),
        ];
        foreach (var rule in rules)
            if (rule.IsBroken()) return PieceVerdict.Broken(rule);
        return PieceVerdict.Qualifying;
    }
}

/// <summary>One line of Part IV: a piece, its postage, and whether it qualifies (with the reason when not).</summary>
public sealed record PartFourPiece(int Line, string? IndiciumId, Mills? Postage, bool Qualifies, string? ReasonCode, string? Reason, string? Source);

/// <summary>One group of Part IV: the qualifying pieces of one postage value.</summary>
public sealed record PartFourGroup(Mills PostageValue, int Pieces, Mills Total);

/// <summary>
/// Part IV of Form 3533 (§502.27(a)(1)): "the number of pieces grouped by postage value, the total
/// postage value for each group, and the total postage for all listed groups", with the
/// non-qualifying pieces annotated (§502.27(a)(3)).
/// </summary>
public sealed record PartFour(IReadOnlyList<PartFourGroup> Groups, Mills GrandTotal, int QualifyingPieces, IReadOnlyList<PartFourPiece> NonQualifying)
{
    public static PartFour Of(IEnumerable<PartFourPiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var all = pieces.ToList();
        var groups = all.Where(p => p.Qualifies && p.Postage is not null)
            .GroupBy(p => p.Postage!.Value)
            .OrderBy(g => g.Key)
            .Select(g => new PartFourGroup(g.Key, g.Count(), g.Aggregate(Mills.Zero, (sum, p) => sum + p.Postage!.Value)))
            .ToList();
        var total = groups.Aggregate(Mills.Zero, (sum, g) => sum + g.Total);
        return new PartFour(groups, total, groups.Sum(g => g.Pieces), all.Where(p => !p.Qualifies).OrderBy(p => p.Line).ToList());
    }
}
