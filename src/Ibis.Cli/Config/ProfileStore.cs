using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ibis.Cli.Config;

/// <summary>One server and the API key to use with it.</summary>
internal sealed record Profile
{
    [JsonPropertyName("server")]
    public string? Server { get; init; }

    [JsonPropertyName("api_key")]
    public string? ApiKey { get; init; }

    /// <summary>The device <c>print</c>, <c>batch print</c> and <c>resets</c> use when none is named.</summary>
    [JsonPropertyName("device")]
    public string? Device { get; init; }
}

/// <summary>The config file: named profiles and the one in use.</summary>
internal sealed record ConfigFile
{
    [JsonPropertyName("current")]
    public string? Current { get; init; }

    [JsonPropertyName("profiles")]
    public SortedDictionary<string, Profile> Profiles { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Profiles in <c>~/.config/ibis/config.json</c> (or <c>$XDG_CONFIG_HOME/ibis/config.json</c>, or the
/// file named by IBIS_CONFIG). The file holds API keys, so it is written with mode 0600 in a 0700
/// directory, by a rename so that a crash never leaves half a file, and a key is never printed.
/// </summary>
internal sealed class ProfileStore(CliContext context)
{
    public const string DefaultProfile = "default";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Path
    {
        get
        {
            if (context.Env("IBIS_CONFIG") is { Length: > 0 } explicitPath) return explicitPath;
            var home = context.Env("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : System.IO.Path.Combine(context.Env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return System.IO.Path.Combine(home, "ibis", "config.json");
        }
    }

    public ConfigFile Load()
    {
        var path = Path;
        if (!File.Exists(path)) return new ConfigFile();
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            context.Err.WriteLine($"ibis: warning: {path} is readable by others; it holds API keys (chmod 600 {path})");
        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), Json) ?? new ConfigFile();
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is not a valid config file: {e.Message}");
        }
    }

    public void Save(ConfigFile config)
    {
        var path = Path;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
            else Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temp = System.IO.Path.Combine(dir, $".config-{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
                JsonSerializer.Serialize(stream, config, Json);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The profile in use: --profile, then IBIS_PROFILE, then the file's current one, then "default".</summary>
    public (string Name, Profile? Profile) Active()
    {
        var config = Load();
        var name = context.ProfileName ?? context.Env("IBIS_PROFILE") ?? config.Current ?? DefaultProfile;
        var found = config.Profiles.GetValueOrDefault(name);
        var named = context.ProfileName ?? context.Env("IBIS_PROFILE");
        if (found is null && named is not null)
            throw new CliException($"no profile '{name}' in {Path}; create it with 'ibis login --profile {name}'");
        return (name, found);
    }

    /// <summary>What may be shown of a key: its prefix, as the API lists keys (GET /v1/api-keys).</summary>
    public static string Mask(string? key) => key switch
    {
        null or "" => "(none)",
        { Length: > 14 } => key[..14] + "…",
        _ => "…",
    };
}
