namespace Ibis.Domain.Licensing;

public static class LeaseStatuses
{
    /// <summary>
    /// The moves a lease allows; everything else is refused by <see cref="LeaseTransitionMustBeAllowedRule"/>. A lease
    /// is active from its signature until the provider cancels it (§502.20(h)); a cancelled lease stays cancelled.
    /// </summary>
    public static bool Allows(LeaseStatus from, LeaseStatus to) => (from, to) switch
    {
        (LeaseStatus.Active, LeaseStatus.Cancelled) => true,
        _ => false,
    };
}

/// <summary>
/// §502.20(h), P050 2.5i: only an active lease is cancelled, and a cancelled one does not become active again. The
/// code and status are the API's answer for a cancelled lease a provider acts under (lease_cancelled, 409, as when
/// a device is commissioned under it).
/// </summary>
public sealed record LeaseTransitionMustBeAllowedRule(string LeaseId, LeaseStatus From, LeaseStatus To) : IBusinessRule
{
    public string Code => "lease_cancelled";

    public string Message => $"lease {LeaseId} is {From.ToWords()}; it cannot become {To.ToWords()}: a lease is active from its signature until the provider cancels it, and a new lease is signed after a cancellation (§502.20(h), P050 2.5i)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !LeaseStatuses.Allows(From, To);
}

/// <summary>P050 2.5i: the lease is signed, and the date of the signature is part of it.</summary>
public sealed record LeaseMustBeDatedRule(DateOnly? SignedOn) : IBusinessRule
{
    public string Code => "signed_on_invalid";

    public string Message => "signed_on is the signature date as YYYY-MM-DD";

    public string? Field => "signed_on";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => SignedOn is null;
}
