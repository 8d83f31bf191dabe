namespace Ibis.Domain.Psd;

// A refund withheld at check-out because the final registers could not be validated
// (UnvalidatedRegistersMustNotBeCreditedRule), credited once an examination validates an amount
// (§502.20(e), §502.27(b)(1)–(4)).

/// <summary>
/// §502.27(b)(1)–(2): only a check-out whose refund was withheld — its final registers failed their integrity
/// check, so Form 3601-C section F showed nothing — has a refund to validate after examination. A check-out
/// that validated its registers credited (or transferred) its refund already.
/// </summary>
public sealed record RefundMustBeWithheldRule(string DeviceId, bool CheckedOut, bool RegistersValidated) : IBusinessRule
{
    public string Code => "refund_not_withheld";

    public string Message => !CheckedOut
        ? $"device {DeviceId} has not been checked out of service; a refund withheld at check-out is credited after examination (39 CFR 502.20(e), 502.27(b))"
        : $"the check-out of device {DeviceId} validated its final registers and its refund already; only a refund withheld because the registers could not be validated is credited after examination (39 CFR 502.27(b))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !CheckedOut || RegistersValidated;
}

/// <summary>The withheld refund is validated and credited once: a second examination credits nothing more.</summary>
public sealed record WithheldRefundMustBeCreditedOnceRule(DateTimeOffset? ValidatedAt, string? RefundId) : IBusinessRule
{
    public string Code => "withheld_refund_already_credited";

    public string Message => $"an examination already validated this withheld refund on {ValidatedAt:yyyy-MM-dd} (refund {RefundId}); it is credited once only (39 CFR 502.27(b))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => ValidatedAt is not null;
}

/// <summary>An examination that validates an amount validates more than nothing.</summary>
public sealed record ValidatedAmountMustBePositiveRule(long AmountMills) : IBusinessRule
{
    public string Code => "validated_amount_invalid";

    public string Message => "validated_amount is the postage the examination validated, more than $0 (39 CFR 502.27(b)(1))";

    public string? Field => "validated_amount";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => AmountMills <= 0;
}

/// <summary>
/// §502.27(b)(1): the provider "verif[ies] the remaining balance" before it is refunded. With the final
/// registers discredited, the balance the records still vouch for is the ceiling: the control total of the
/// device's last signed reset record less the ascending register of its last indicium (or of the register
/// checkpoint anchored outside the database, when that is further on). An examination may find less — never more.
/// </summary>
public sealed record ValidatedAmountMustNotExceedVerifiedRegistersRule(long AmountMills, long VerifiedMills) : IBusinessRule
{
    public string Code => "validated_amount_exceeds_verified_registers";

    public string Message => $"the examination validates {Money.Mills.FromMills(AmountMills).ToDollarString()}, more than the {Money.Mills.FromMills(VerifiedMills).ToDollarString()} the device's last verified registers allow (its last reset's control total less the postage it printed since) (39 CFR 502.27(b)(1))";

    public string? Field => "validated_amount";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => AmountMills > VerifiedMills;

    /// <summary>What the device's own records still vouch for: the last reset's control total less the AR printed, never below zero.</summary>
    public static long Verified(long lastResetControlTotalMills, long printedAscendingMills) => Math.Max(0, checked(lastResetControlTotalMills - printedAscendingMills));
}
