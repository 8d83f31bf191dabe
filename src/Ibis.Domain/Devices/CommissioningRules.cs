using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;

namespace Ibis.Domain.Devices;

/// <summary>§502.19: a device is inspected and commissioned only while the provider holds it in inventory.</summary>
public sealed record DeviceMustBeInInventoryRule(string DeviceId, DeviceStatus Status) : IBusinessRule
{
    public string Code => "device_not_in_inventory";

    public string Message => $"device {DeviceId} is {Status.ToWords()}; only a device in the provider's inventory is inspected or commissioned (39 CFR 502.19)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status != DeviceStatus.Inventory;
}

/// <summary>§502.18: "All new IBI systems must be inspected carefully prior to distribution."</summary>
public sealed record DeviceMustBeInspectedRule(string DeviceId, DateTimeOffset? InspectedAt) : IBusinessRule
{
    public string Code => "device_not_inspected";

    public string Message => $"device {DeviceId} has not passed its inspection; every new device is inspected before distribution (39 CFR 502.18)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => InspectedAt is null;
}

/// <summary>
/// P050 3.1, §502.20(c): a device is initialized for a licensee only under a lease with its financial
/// agreement for resetting, signed with the provider that holds the device, by a valid licensee.
/// </summary>
public sealed record CommissioningRequiresActiveLeaseRule(string LeaseId, LeaseStatus LeaseStatus, string LeaseProviderId, string DeviceProviderId) : IBusinessRule
{
    public string Code => LeaseProviderId != DeviceProviderId ? "lease_provider_mismatch" : "lease_cancelled";

    public string Message => LeaseProviderId != DeviceProviderId
        ? $"lease {LeaseId} was signed with another provider; a provider commissions only its own devices under its own leases (P050 3.1)"
        : $"lease {LeaseId} is {LeaseStatus.ToWords()}; a device is initialized only under an active lease with a financial agreement for resetting (P050 3.1)";

    public string? Field => "lease_id";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => LeaseStatus != LeaseStatus.Active || LeaseProviderId != DeviceProviderId;
}

/// <summary>
/// P050 3.6: "$500 for a given user at any time" — the descending registers of all of a licensee's
/// devices together never exceed the licensee's cap.
/// </summary>
public sealed record LicenseeDescendingRegisterCapRule(string LicenseeId, Money.Mills OtherDevices, Money.Mills ThisDevice, Money.Mills Increment, Money.Mills Cap) : IBusinessRule
{
    public string Code => "licensee_cap_exceeded";

    public string Message => $"the licensee's devices already hold {(OtherDevices + ThisDevice).ToDollarString()} of postage; adding {Increment.ToDollarString()} would exceed its cap of {Cap.ToDollarString()} across all its devices (P050 3.6)";

    public string? Field => "amount";

    public RuleKind Kind => RuleKind.Unprocessable;

    // Written as subtractions so huge values are refused by the rule, not by an overflow.
    public bool IsBroken() => OtherDevices > Cap || Increment > Cap - OtherDevices - ThisDevice;
}
