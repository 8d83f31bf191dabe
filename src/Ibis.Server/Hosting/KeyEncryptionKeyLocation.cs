using Ibis.Security.Keys;

namespace Ibis.Server.Hosting;

/// <summary>
/// Finds the software key store's key-encryption key (KEK) at start-up and says where it came from.
/// </summary>
/// <remarks>
/// Order: <c>IBIS_KEK</c> (configuration, e.g. from a secret manager); else <c>kek.bin</c> in the key
/// directory (<see cref="IbisOptions.KeyDirectory"/>, outside the data directory by default), generated on
/// first start. An installation made before the key directory existed keeps its <c>kek.bin</c> inside the
/// data directory: it is still used — moving it silently could strand every wrapped key — but every start
/// warns until the operator moves it, because a copy of the data directory then opens every key.
/// </remarks>
public static class KeyEncryptionKeyLocation
{
    public sealed record Loaded(KeyEncryptionKey Key, string? GeneratedAt, string? Warning);

    public static Loaded Load(IbisOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
            return new Loaded(KeyEncryptionKeySource.Load(options.KeyEncryptionKey, options.KeyDirectory, out _), null, null);

        var legacy = Path.Combine(options.DataDirectory, KeyEncryptionKeySource.FileName);
        var preferred = Path.Combine(options.KeyDirectory, KeyEncryptionKeySource.FileName);
        if (File.Exists(legacy) && !File.Exists(preferred) && !SameDirectory(options.DataDirectory, options.KeyDirectory))
        {
            var key = KeyEncryptionKeySource.Load(null, options.DataDirectory, out _);
            return new Loaded(key, null,
                $"The key-encryption key is inside the data directory ({legacy}): a copy or backup of the data directory opens every device key. " +
                $"Stop Ibis, move the file to {preferred} (or set IBIS_KEK from a secret store, or IBIS_KEY_DIR), and start again.");
        }

        SecureDirectory(options.KeyDirectory);
        var loaded = KeyEncryptionKeySource.Load(null, options.KeyDirectory, out var generated);
        var warning = IsInside(options.KeyDirectory, options.DataDirectory)
            ? $"The key directory ({options.KeyDirectory}) is inside the data directory ({options.DataDirectory}): a copy or backup of the data directory opens every device key. Point IBIS_KEY_DIR elsewhere."
            : null;
        return new Loaded(loaded, generated ? preferred : null, warning);
    }

    private static void SecureDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, DataDirectory.PrivateDirectory);
        // An existing directory is only ever tightened (group and others lose access), never loosened.
        var current = File.GetUnixFileMode(directory);
        if ((current & ~DataDirectory.PrivateDirectory) != 0) File.SetUnixFileMode(directory, current & DataDirectory.PrivateDirectory);
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static bool IsInside(string candidate, string parent)
    {
        var c = Path.TrimEndingDirectorySeparator(Path.GetFullPath(candidate)) + Path.DirectorySeparatorChar;
        var p = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parent)) + Path.DirectorySeparatorChar;
        return c.StartsWith(p, StringComparison.Ordinal);
    }
}
