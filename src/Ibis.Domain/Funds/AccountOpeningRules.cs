namespace Ibis.Domain.Funds;

// The deposit account and how it is funded (P050 3.5a, §502.20(c), §502.25(c)).

/// <summary>P050 3.5a: a deposit is made by one of the accepted methods, listed in the Postal Service's order of preference.</summary>
public sealed record PaymentMethodMustBeAcceptedRule(string? Method) : IBusinessRule
{
    public string Code => "payment_method_unsupported";

    public string Message => $"payment method '{Method}' is not accepted; use, in order of preference (P050 3.5a): {string.Join(", ", PaymentMethod.InOrderOfPreference.Select(m => m.Code))}";

    public string? Field => "method";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => PaymentMethod.Find(Method) is null;
}

/// <summary>§502.25(c): the licensee signs the Acknowledgement of Deposit Requirement before its account opens.</summary>
public sealed record DepositRequirementMustBeAcknowledgedRule(bool? Acknowledged) : IBusinessRule
{
    public string Code => "deposit_requirement_not_acknowledged";

    public string Message => "the licensee must sign the Acknowledgement of Deposit Requirement before the account opens (§502.25(c))";

    public string? Field => "deposit_requirement_acknowledged";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Acknowledged != true;
}

/// <summary>§502.20(c): systems are leased, and so deposit accounts opened, only for parties with valid licenses.</summary>
public sealed record DepositAccountRequiresValidLicenseRule(bool HoldsValidLicense) : IBusinessRule
{
    public string Code => "license_not_valid";

    public string Message => "only a licensee holding a valid license gets a deposit account (§502.20(c))";

    public bool IsBroken() => !HoldsValidLicense;
}
