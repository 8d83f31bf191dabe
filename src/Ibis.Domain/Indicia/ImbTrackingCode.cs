using System.Globalization;

namespace Ibis.Domain.Indicia;

/// <summary>
/// The 20-digit tracking code of an Intelligent Mail barcode (USPS-B-3200, section 2.1): barcode ID
/// (2 digits, the second 0–4), service type ID (3), mailer ID (6 digits when it starts with 0–8, 9
/// digits when it starts with 9) and a serial number filling the rest (9 or 6 digits).
/// </summary>
/// <remarks>
/// The serial number must not repeat for one mailer ID while pieces are in the mail (USPS asks for
/// 45 days). Ibis composes it from the device's IMb slot and its piece number, so it needs no counter
/// shared between devices: <c>k</c> slot digits, then the piece number modulo 10^(serial length − k),
/// with k = 3 for a 6-digit mailer ID (9-digit serial: 1,000 slots × 1,000,000 pieces each before a
/// repeat) and k = 1 for a 9-digit one (6-digit serial: 10 slots × 100,000 pieces). The server gives
/// each device printing under a mailer ID a slot of its own (unique per mailer ID in the database), so
/// two devices never share serials; a device would repeat its own only after that many pieces. When
/// every slot of a mailer ID is taken the provider needs another mailer ID
/// (<see cref="ImbDeviceSlotMustBeFreeRule"/>).
/// </remarks>
public static class ImbTrackingCode
{
    /// <summary>Barcode ID 00: no optional endorsement line (USPS-B-3200, Table 2).</summary>
    public const string DefaultBarcodeId = "00";

    /// <summary>True for a well-formed mailer ID: 6 digits not starting with 9, or 9 digits starting with 9.</summary>
    public static bool IsMailerId(string? mailerId) =>
        mailerId is not null && mailerId.All(char.IsAsciiDigit)
        && ((mailerId.Length == 6 && mailerId[0] != '9') || (mailerId.Length == 9 && mailerId[0] == '9'));

    /// <summary>How many device slots a mailer ID has: 1,000 for a 6-digit one, 10 for a 9-digit one (see remarks).</summary>
    public static int DeviceSlots(string mailerId) => SlotDigits(mailerId) == 3 ? 1000 : 10;

    /// <summary>The serial number for piece <paramref name="pieceNumber"/> of the device holding slot <paramref name="deviceSlot"/> (see remarks).</summary>
    public static string Serial(string mailerId, int deviceSlot, long pieceNumber)
    {
        var slotDigits = SlotDigits(mailerId);
        ArgumentOutOfRangeException.ThrowIfNegative(deviceSlot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(deviceSlot, DeviceSlots(mailerId));
        ArgumentOutOfRangeException.ThrowIfNegative(pieceNumber);
        var pieceDigits = 15 - mailerId.Length - slotDigits;
        var piece = pieceNumber % Pow10(pieceDigits);
        return deviceSlot.ToString(new string('0', slotDigits), CultureInfo.InvariantCulture) + piece.ToString(new string('0', pieceDigits), CultureInfo.InvariantCulture);
    }

    private static int SlotDigits(string mailerId) =>
        !IsMailerId(mailerId) ? throw new ArgumentException($"'{mailerId}' is not a 6- or 9-digit mailer ID", nameof(mailerId))
        : mailerId.Length == 6 ? 3 : 1;

    /// <summary>Barcode ID + service type ID + mailer ID + serial number: the 20 digits.</summary>
    public static string Build(string barcodeId, string serviceTypeId, string mailerId, string serial)
    {
        if (barcodeId.Length != 2 || !barcodeId.All(char.IsAsciiDigit) || barcodeId[1] > '4')
            throw new ArgumentException($"'{barcodeId}' is not a barcode ID (2 digits, the second 0–4)", nameof(barcodeId));
        if (serviceTypeId.Length != 3 || !serviceTypeId.All(char.IsAsciiDigit))
            throw new ArgumentException($"'{serviceTypeId}' is not a 3-digit service type ID", nameof(serviceTypeId));
        if (!IsMailerId(mailerId)) throw new ArgumentException($"'{mailerId}' is not a 6- or 9-digit mailer ID", nameof(mailerId));
        if (serial.Length != 15 - mailerId.Length || !serial.All(char.IsAsciiDigit))
            throw new ArgumentException($"the serial number of a {mailerId.Length}-digit mailer ID has {15 - mailerId.Length} digits", nameof(serial));
        return barcodeId + serviceTypeId + mailerId + serial;
    }

    private static long Pow10(int n)
    {
        var p = 1L;
        for (var i = 0; i < n; i++) p *= 10;
        return p;
    }
}
