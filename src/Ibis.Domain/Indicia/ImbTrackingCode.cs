using System.Globalization;

namespace Ibis.Domain.Indicia;

/// <summary>
/// The 20-digit tracking code of an Intelligent Mail barcode (USPS-B-3200, section 2.1): barcode ID
/// (2 digits, the second 0–4), service type ID (3), mailer ID (6 digits when it starts with 0–8, 9
/// digits when it starts with 9) and a serial number filling the rest (9 or 6 digits).
/// </summary>
/// <remarks>
/// The serial number must not repeat for one mailer ID while pieces are in the mail (USPS asks for
/// 45 days). Ibis derives it from the device and its piece number, so it needs no counter shared
/// between devices: the last <c>k</c> digits of the device serial, then the piece number modulo
/// 10^(serial length − k), with k = 3 for a 6-digit mailer ID (9-digit serial: 1,000 devices ×
/// 1,000,000 pieces each before a repeat) and k = 1 for a 9-digit one (6-digit serial: 10 devices ×
/// 100,000 pieces). It is unique per mailer ID as long as the devices printing under one mailer ID
/// differ in those last digits and no device prints more pieces than that within 45 days; a provider
/// with more devices configures one mailer ID per group of devices.
/// </remarks>
public static class ImbTrackingCode
{
    /// <summary>Barcode ID 00: no optional endorsement line (USPS-B-3200, Table 2).</summary>
    public const string DefaultBarcodeId = "00";

    /// <summary>True for a well-formed mailer ID: 6 digits not starting with 9, or 9 digits starting with 9.</summary>
    public static bool IsMailerId(string? mailerId) =>
        mailerId is not null && mailerId.All(char.IsAsciiDigit)
        && ((mailerId.Length == 6 && mailerId[0] != '9') || (mailerId.Length == 9 && mailerId[0] == '9'));

    /// <summary>The serial number for piece <paramref name="pieceNumber"/> of device <paramref name="deviceSerial"/> (see remarks).</summary>
    public static string Serial(string mailerId, long deviceSerial, long pieceNumber)
    {
        if (!IsMailerId(mailerId)) throw new ArgumentException($"'{mailerId}' is not a 6- or 9-digit mailer ID", nameof(mailerId));
        ArgumentOutOfRangeException.ThrowIfNegative(deviceSerial);
        ArgumentOutOfRangeException.ThrowIfNegative(pieceNumber);
        var length = 15 - mailerId.Length;
        var deviceDigits = mailerId.Length == 6 ? 3 : 1;
        var pieceDigits = length - deviceDigits;
        var device = deviceSerial % Pow10(deviceDigits);
        var piece = pieceNumber % Pow10(pieceDigits);
        return device.ToString(new string('0', deviceDigits), CultureInfo.InvariantCulture) + piece.ToString(new string('0', pieceDigits), CultureInfo.InvariantCulture);
    }

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
