using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ibis.Load;

/// <summary>One commissioned device and the licensee API key that prints on it.</summary>
public sealed record LoadDevice(
    [property: JsonPropertyName("device_id")] string DeviceId,
    [property: JsonPropertyName("api_key")] string ApiKey,
    [property: JsonPropertyName("licensee_id")] string? LicenseeId = null,
    [property: JsonPropertyName("account_id")] string? AccountId = null);

/// <summary>
/// What <c>Ibis.Load setup</c> made and the load needs: the devices with their keys, and the piece shapes
/// the loaded rate table prices. Written with mode 0600 (it holds API keys) into the run's scratch directory.
/// </summary>
public sealed record DeviceSet(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("devices")] IReadOnlyList<LoadDevice> Devices,
    [property: JsonPropertyName("shapes")] IReadOnlyList<string> Shapes)
{
    public const string CurrentFormat = "ibis-load-devices/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static DeviceSet Read(string path)
    {
        var set = JsonSerializer.Deserialize<DeviceSet>(File.ReadAllText(path), Json)
                  ?? throw new InvalidDataException($"{path}: empty");
        if (set.Format != CurrentFormat) throw new InvalidDataException($"{path}: format '{set.Format}', expected '{CurrentFormat}'");
        if (set.Devices is not { Count: > 0 }) throw new InvalidDataException($"{path}: no devices");
        return set with { Shapes = set.Shapes ?? [] };
    }

    /// <summary>Writes the file readable by its owner only (it holds API keys).</summary>
    public void Write(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
            JsonSerializer.Serialize(stream, this, Json);
        // An existing file keeps its mode on FileMode.Create: narrow it too.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
