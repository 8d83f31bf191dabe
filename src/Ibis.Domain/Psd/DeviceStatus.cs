namespace Ibis.Domain.Psd;

/// <summary>
/// Where a PSD stands in its life (P050 2.5–2.9, §502.18–.24). Only an in-service device prints
/// or is reset; the others refuse with a code that says why.
/// </summary>
[StoredAsText]
public enum DeviceStatus
{
    /// <summary>Held by the provider, not yet leased: inspected (§502.18), then commissioned (P050 3.1).</summary>
    Inventory,

    /// <summary>Leased and commissioned (P050 3.1): the only state that prints or is reset.</summary>
    InService,

    /// <summary>Locked by Ibis itself: a failed audit or a register integrity failure. The provider must investigate.</summary>
    Locked,

    /// <summary>Withdrawn from service as suspect by the Postal Inspection Service (P050 2.6), pending examination.</summary>
    Suspended,

    /// <summary>Reported lost or not located (P050 2.8, §502.24); its certificates are revoked from the date of the loss.</summary>
    Lost,

    /// <summary>Reported stolen (P050 2.8, §502.24(b)).</summary>
    Stolen,

    /// <summary>Reported misregistering or defective (P050 2.5f, 2.7): blocked at once, retrieved within 3 business days.</summary>
    Defective,

    /// <summary>A lost or stolen device found again (§502.24(c), (d)): inspected, then checked out or returned to service.</summary>
    Recovered,

    /// <summary>Checked out of service (§502.20(e)); its keys are destroyed.</summary>
    Withdrawn,
}

/// <summary>The device must be in service to print or be reset (§502.20, P050 2.5).</summary>
public sealed record DeviceMustBeInServiceRule(DeviceStatus Status, string? LockReason) : IBusinessRule
{
    public string Code => Status switch
    {
        DeviceStatus.Locked => "device_locked",
        DeviceStatus.Withdrawn => "device_withdrawn",
        _ => "device_not_in_service",
    };

    public string Message => Status switch
    {
        DeviceStatus.Locked => $"the device is locked ({LockReason ?? "see the provider's case"}); the provider must investigate before it prints again",
        DeviceStatus.Withdrawn => "the device has been checked out of service and its keys destroyed (§502.20(e))",
        _ => $"the device is {Status.ToWords()}; only a device in service prints or is reset",
    };

    /// <summary>A device out of service forbids printing; a locked or withdrawn one is an unprocessable state of the device.</summary>
    public RuleKind Kind => Status is DeviceStatus.Locked or DeviceStatus.Withdrawn ? RuleKind.Unprocessable : RuleKind.Forbidden;

    public bool IsBroken() => Status != DeviceStatus.InService;
}
