namespace Ibis.Domain.Organisations;

/// <summary>
/// A provider's standing with the Postal Service: authorized in writing (§502.2), suspended or
/// revoked (§502.5). Only an authorized provider leases, resets or moves money.
/// </summary>
public enum ProviderStatus
{
    Authorized,
    Suspended,
    Revoked,
}

public static class ProviderStatuses
{
    public static string ToText(this ProviderStatus status) => status switch
    {
        ProviderStatus.Authorized => "authorized",
        ProviderStatus.Suspended => "suspended",
        ProviderStatus.Revoked => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static ParseResult<ProviderStatus> Parse(string? text) => text switch
    {
        "authorized" => ParseResult<ProviderStatus>.Ok(ProviderStatus.Authorized),
        "suspended" => ParseResult<ProviderStatus>.Ok(ProviderStatus.Suspended),
        "revoked" => ParseResult<ProviderStatus>.Ok(ProviderStatus.Revoked),
        _ => ParseResult<ProviderStatus>.Fail("provider_status_invalid", $"'{text}' is not a provider status (authorized, suspended or revoked)"),
    };
}

/// <summary>§502.2, §502.5: a provider that is not authorized can do nothing that moves postage or money.</summary>
public sealed record ProviderMustBeAuthorizedRule(string ProviderId, string Status) : IBusinessRule
{
    public string Code => "provider_not_authorized";

    public string Message => $"provider {ProviderId} is {Status}: only a provider authorized by the Postal Service leases, resets or moves money (39 CFR 502.2, 502.5)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => Status != "authorized";
}

/// <summary>
/// §502.5: the Postal Service suspends or revokes an authorization; a suspension may be lifted; a
/// revocation is final (a revoked provider must qualify again under §502.1 as a new provider).
/// </summary>
public sealed record ProviderStatusChangeMustBeAllowedRule(ProviderStatus From, ProviderStatus To) : IBusinessRule
{
    public string Code => "provider_status_change_invalid";

    public string Message => From == ProviderStatus.Revoked
        ? "a revoked authorization is final; the provider must qualify again (39 CFR 502.1, 502.5)"
        : $"a provider that is {From.ToText()} cannot become {To.ToText()}";

    public string? Field => "status";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => From == To || From == ProviderStatus.Revoked;
}

/// <summary>§502.3: a change of ownership or control is recorded with the evidence the Postal Service accepted.</summary>
public sealed record OwnershipChangeMustNameAcquirerRule(string? Acquirer) : IBusinessRule
{
    public string Code => "acquirer_required";

    public string Message => "name the person or concern acquiring ownership or control (39 CFR 502.3)";

    public string? Field => "acquirer";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrWhiteSpace(Acquirer);
}
