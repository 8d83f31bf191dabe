using Ibis.Domain.Money;

namespace Ibis.Domain.Indicia;

/// <summary>What an imprint is for.</summary>
public enum IndiciumVariant
{
    /// <summary>Postage for the piece: every element of P050 4.5.</summary>
    Standard,

    /// <summary>P050 4.8: the actual date of mailing and REDATE instead of postage; no barcode, no FIM, no postage spent.</summary>
    Redate,

    /// <summary>P050 4.9, 1.6: additional postage for a short-paid piece; every element but the FIM.</summary>
    PostageCorrection,
}

public static class IndiciumVariants
{
    public static IndiciumVariant? Parse(string? text) => text switch
    {
        null or "" or "standard" => IndiciumVariant.Standard,
        "redate" => IndiciumVariant.Redate,
        "postage_correction" => IndiciumVariant.PostageCorrection,
        _ => null,
    };

    public static string Name(this IndiciumVariant v) => v switch
    {
        IndiciumVariant.Redate => "redate",
        IndiciumVariant.PostageCorrection => "postage_correction",
        _ => "standard",
    };

    /// <summary>P050 4.8 (no barcode on REDATE); a postage correction has every element but the FIM (P050 4.9).</summary>
    public static bool HasBarcode(this IndiciumVariant v) => v != IndiciumVariant.Redate;

    /// <summary>P050 4.8, 4.9: REDATE and postage correction carry no FIM; the standard indicium's FIM depends on the piece (P050 4.12).</summary>
    public static bool MayHaveFim(this IndiciumVariant v) => v == IndiciumVariant.Standard;
}

/// <summary>P050 4.8: a REDATE shows the word REDATE instead of the postage amount, so it spends none.</summary>
public sealed record RedateCarriesNoPostageRule(Mills? Postage) : IBusinessRule
{
    public string Code => "redate_postage_not_allowed";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => "a REDATE indicium shows REDATE instead of the postage amount and spends no postage; leave postage out (P050 4.8)";

    public string? Field => "postage";

    public bool IsBroken() => Postage is not null;
}

/// <summary>
/// P050 4.9, 1.6: a postage-correction indicium adds postage to a short-paid piece. It is priced by
/// the shortfall, so the mailer states the amount: it cannot be left to the rate table.
/// </summary>
public sealed record CorrectionNeedsPostageRule(Mills? Postage) : IBusinessRule
{
    public string Code => "postage_required";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => "a postage-correction indicium shows the additional postage for a short-paid piece: give postage (P050 4.9)";

    public string? Field => "postage";

    public bool IsBroken() => Postage is null;
}

/// <summary>
/// P050 4.9: when the short-paid indicium is named, the correction must bring the piece up to the
/// amount due on its date of mailing (P050 1.5).
/// </summary>
public sealed record CorrectionMustCoverShortfallRule(Mills Correction, Mills AlreadyPaid, Mills AmountDue) : IBusinessRule
{
    public string Code => "postage_below_rate";

    public string Message => $"{AlreadyPaid.ToDollarString()} paid plus {Correction.ToDollarString()} is below the {AmountDue.ToDollarString()} due for the piece (P050 1.5, 4.9)";

    public string? Field => "postage";

    public bool IsBroken() => AlreadyPaid + Correction < AmountDue;
}

/// <summary>P050 4.8: a REDATE indicium is printed one at a time, never in a batch.</summary>
public sealed record RedateMustBePrintedAloneRule(bool InBatch, bool HasRedate) : IBusinessRule
{
    public string Code => "redate_not_in_batch";

    public string Message => "a REDATE is printed one at a time (P050 4.8); remove it from the batch";

    public string? Field => "pieces";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => InBatch && HasRedate;
}

/// <summary>P050 4.5: each indicium of a multi-denomination piece states its share of the postage.</summary>
public sealed record DenominationMustStatePostageRule(Mills? Postage) : IBusinessRule
{
    public string Code => "postage_required";

    public string Message => "each indicium of a multi-denomination piece states its postage (P050 4.5)";

    public string? Field => "postage";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Postage is null;
}
