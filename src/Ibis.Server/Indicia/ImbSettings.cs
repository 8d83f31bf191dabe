using Ibis.Domain.Indicia;

namespace Ibis.Server.Indicia;

/// <summary>
/// Where the tracking code of a recipient's Intelligent Mail barcode comes from (USPS-B-3200):
/// the mailer ID the Postal Service assigned to the provider and the service type ID it prints
/// under. Configuration: <c>Ibis:Imb:MailerIds:&lt;provider id&gt;</c> per provider,
/// <c>Ibis:Imb:MailerId</c> for every other provider, <c>Ibis:Imb:ServiceTypeId</c>, and optionally
/// <c>Ibis:Imb:DeviceSlots</c> (fewer device slots per mailer ID, <see cref="AllocateImbSlot"/>). Unconfigured,
/// the sandbox values below are used: they are placeholders, not IDs the Postal Service assigned.
/// </summary>
internal sealed class ImbSettings(IConfiguration config)
{
    /// <summary>Sandbox mailer ID (6 digits, so a 9-digit serial number).</summary>
    public const string SandboxMailerId = "899999";

    /// <summary>Sandbox service type ID: First-Class Mail without extra services.</summary>
    public const string SandboxServiceTypeId = "300";

    public string ServiceTypeId => config["Ibis:Imb:ServiceTypeId"] is { Length: > 0 } stid ? stid : SandboxServiceTypeId;

    /// <summary>The mailer ID of <paramref name="providerId"/>; a malformed configured value stops printing rather than print a wrong barcode.</summary>
    public string MailerIdFor(string providerId)
    {
        var id = config[$"Ibis:Imb:MailerIds:{providerId}"] is { Length: > 0 } own ? own
            : config["Ibis:Imb:MailerId"] is { Length: > 0 } all ? all : SandboxMailerId;
        return ImbTrackingCode.IsMailerId(id) ? id
            : throw new InvalidOperationException($"configured IMb mailer ID '{id}' for provider {providerId} is not 6 digits (0–8 first) or 9 digits (9 first)");
    }

    /// <summary>
    /// How many device slots a mailer ID offers (<see cref="ImbTrackingCode.DeviceSlots"/>), or fewer when
    /// <c>Ibis:Imb:DeviceSlots</c> caps them (to leave serial ranges to another system, and for tests).
    /// </summary>
    public int DeviceSlots(string mailerId)
    {
        var slots = ImbTrackingCode.DeviceSlots(mailerId);
        if (config["Ibis:Imb:DeviceSlots"] is not { Length: > 0 } cap) return slots;
        return int.TryParse(cap, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0
            ? Math.Min(n, slots)
            : throw new InvalidOperationException($"configured Ibis:Imb:DeviceSlots '{cap}' is not a positive whole number");
    }

    /// <summary>The tracking code of piece <paramref name="pieceNumber"/> of the device holding IMb slot <paramref name="deviceSlot"/> (serial: <see cref="ImbTrackingCode"/>).</summary>
    public string TrackingCode(string mailerId, int deviceSlot, long pieceNumber) =>
        ImbTrackingCode.Build(ImbTrackingCode.DefaultBarcodeId, ServiceTypeId, mailerId, ImbTrackingCode.Serial(mailerId, deviceSlot, pieceNumber));
}
