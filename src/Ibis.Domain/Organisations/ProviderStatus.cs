namespace Ibis.Domain.Organisations;

/// <summary>
/// A provider's standing with the Postal Service: authorized in writing (§502.2), suspended or
/// revoked (§502.5). Only an authorized provider leases, resets or moves money. Stored as
/// authorized | suspended | revoked.
/// </summary>
[StoredAsText]
public enum ProviderStatus
{
    Authorized,
    Suspended,
    Revoked,
}

public static class ProviderStatuses
{
    /// <summary>A status the Postal Service asks for by its text; anything else is refused with <c>provider_status_invalid</c>.</summary>
    public static ParseResult<ProviderStatus> Parse(string? text) => EnumText<ProviderStatus>.TryParse(text, out var status)
        ? ParseResult<ProviderStatus>.Ok(status)
        : ParseResult<ProviderStatus>.Fail("provider_status_invalid", $"'{text}' is not a provider status (authorized, suspended or revoked)");
}

/// <summary>
/// §502.2, §502.5: a provider that is not authorized can do nothing that moves postage or money. A null
/// status is a provider Ibis does not know (no row): not authorized either.
/// </summary>
public sealed record ProviderMustBeAuthorizedRule(string ProviderId, ProviderStatus? Status) : IBusinessRule
{
    public string Code => "provider_not_authorized";

    public string Message => $"provider {ProviderId} is {Status?.ToText() ?? "unknown"}: only a provider authorized by the Postal Service leases, resets or moves money (39 CFR 502.2, 502.5)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => Status != ProviderStatus.Authorized;
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
