namespace Ibis.Domain.Indicia;

/// <summary>
/// USPS-B-3200: an IMb serial number must not repeat for one mailer ID within 45 days. A device prints
/// addressed pieces only with an IMb slot of its own under its provider's mailer ID; when every slot
/// is taken (<see cref="ImbTrackingCode.DeviceSlots"/>, or a lower configured limit) another device
/// would have to share serials, so the piece is refused until the provider has another mailer ID.
/// </summary>
public sealed record ImbDeviceSlotMustBeFreeRule(string MailerId, int Slots, int? FreeSlot) : IBusinessRule
{
    public string Code => "imb_serials_exhausted";

    public string Message =>
        $"all {Slots} Intelligent Mail barcode device slots of mailer ID {MailerId} are taken, so this device cannot print a unique IMb serial (USPS-B-3200); "
        + "the provider needs another mailer ID for it. Print without to_address meanwhile.";

    public string? Field => "to_address";

    public bool IsBroken() => FreeSlot is null;
}
