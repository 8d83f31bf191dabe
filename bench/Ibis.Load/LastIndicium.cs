using System.Globalization;
using System.Text.Json;

namespace Ibis.Load;

/// <summary>What the runners read from a print's reply: of its indicium, or of the last indicium of a batch.</summary>
internal readonly record struct LastIndicium(decimal? DescendingRegister, string? BarcodeData)
{
    /// <summary>Nothing of either when the reply is not an indicium's or a batch's JSON (an error's, a truncated one).</summary>
    public static LastIndicium Of(ReadOnlyMemory<byte> reply)
    {
        try
        {
            using var doc = JsonDocument.Parse(reply);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return default;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0)
                root = data[data.GetArrayLength() - 1];
            var barcode = root.TryGetProperty("barcode_data", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            decimal? dr = root.TryGetProperty("descending_register", out var register) && register.ValueKind == JsonValueKind.Object
                && register.TryGetProperty("amount", out var amount) && amount.ValueKind == JsonValueKind.String
                && decimal.TryParse(amount.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
                    ? value : null;
            return new LastIndicium(dr, barcode);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
