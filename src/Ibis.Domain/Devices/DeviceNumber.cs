using System.Globalization;

namespace Ibis.Domain.Devices;

/// <summary>
/// The device ID printed on every indicium (P050 4.5): PSD manufacturer (vendor) + model + serial,
/// in the order the IBI indicium carries them. Text form: "IB-0001-00000042".
/// </summary>
public readonly record struct DeviceNumber(ushort Vendor, ushort Model, uint Serial)
{
    /// <summary>Ibis's own vendor code, the ASCII letters "IB".</summary>
    public const ushort IbisVendor = ('I' << 8) | 'B';

    public string VendorCode => string.Concat((char)(Vendor >> 8), (char)(Vendor & 0xFF));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{VendorCode}-{Model:D4}-{Serial:D8}");

    public static ParseResult<DeviceNumber> Parse(string? text)
    {
        var parts = (text ?? "").Split('-');
        if (parts.Length != 3 || parts[0].Length != 2 || !parts[0].All(char.IsAsciiLetterUpper)
            || !ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var model)
            || !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var serial))
            return ParseResult<DeviceNumber>.Fail("device_number_invalid", $"'{text}' is not a device number like IB-0001-00000042");
        return ParseResult<DeviceNumber>.Ok(new DeviceNumber((ushort)((parts[0][0] << 8) | parts[0][1]), model, serial));
    }
}
