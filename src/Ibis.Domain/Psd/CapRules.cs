using Ibis.Domain.Money;

namespace Ibis.Domain.Psd;

// P050 3.6: the Postal Service sets the most a licensee's descending register may hold.

/// <summary>P050 3.6: the Postal Service, not the provider or the licensee, sets the descending-register cap.</summary>
public sealed record OnlyThePostalServiceSetsTheCapRule(bool CallerIsPostal) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => "only the Postal Service sets a licensee's descending-register cap (P050 3.6)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsPostal;
}

/// <summary>P050 3.6: the cap is an amount above nothing and at most the largest a device holds (<see cref="Registers.DefaultCap"/>).</summary>
public sealed record DescendingRegisterCapMustBeInRangeRule(Mills Cap) : IBusinessRule
{
    public string Code => "cap_invalid";

    public string Message => $"the cap must be more than $0.000 and at most {Registers.DefaultCap.ToDollarString()} (P050 3.6)";

    public string? Field => "amount";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => !Cap.IsPositive || Cap > Registers.DefaultCap;
}

/// <summary>
/// P050 3.6: a lower cap never strands postage already in a device: each device's DR must fit under the
/// new cap, or the device prints down or is checked out first.
/// </summary>
public sealed record CapMustCoverDescendingRegisterRule(string DeviceId, Mills Descending, Mills Cap) : IBusinessRule
{
    public string Code => "cap_below_descending_register";

    public string Message => $"device {DeviceId} holds {Descending.ToDollarString()} in DR, more than the new cap; it must print down or be checked out first (P050 3.6)";

    public string? Field => "amount";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Descending > Cap;
}
