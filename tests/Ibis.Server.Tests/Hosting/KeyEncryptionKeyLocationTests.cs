using Ibis.Security.Keys;
using Ibis.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 16 item 5: the key-encryption key lives outside the data directory by default, and a start with
/// the key inside it (an installation made before, or a key directory pointed inside) says so clearly.
/// </summary>
public sealed class KeyEncryptionKeyLocationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ibis-kek-location-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private IbisOptions Options(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["IBIS_DATA_DIR"] = Path.Combine(_root, "ibis-data") })
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return IbisOptions.FromConfiguration(config);
    }

    [Fact]
    public void FreshInstallation_GeneratesTheKeyBesideTheDataDirectory_AndNotInIt()
    {
        var options = Options();
        Directory.CreateDirectory(options.DataDirectory);

        var loaded = KeyEncryptionKeyLocation.Load(options);
        using var held = loaded.Key;

        Assert.Equal(Path.Combine(_root, "ibis-data-keys"), options.KeyDirectory);
        Assert.Equal(Path.Combine(_root, "ibis-data-keys", "kek.bin"), loaded.GeneratedAt);
        Assert.Null(loaded.Warning);
        Assert.False(File.Exists(Path.Combine(options.DataDirectory, "kek.bin")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(options.KeyDirectory));

        using var again = KeyEncryptionKeyLocation.Load(options).Key;
        Assert.Equal(loaded.Key.Id, again.Id);
    }

    [Fact]
    public void OlderInstallation_WithTheKeyInsideTheDataDirectory_KeepsUsingIt_AndWarnsEveryStart()
    {
        var options = Options();
        string id;
        using (var old = KeyEncryptionKeySource.Load(null, options.DataDirectory, out _)) id = old.Id;

        var loaded = KeyEncryptionKeyLocation.Load(options);
        using var held = loaded.Key;

        Assert.Equal(id, loaded.Key.Id); // the wrapped keys stay usable
        Assert.Null(loaded.GeneratedAt);
        Assert.Contains("inside the data directory", loaded.Warning, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(options.KeyDirectory, "kek.bin"), loaded.Warning, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(options.KeyDirectory, "kek.bin"))); // nothing generated beside it
    }

    [Fact]
    public void KeyDirectoryConfiguredInsideTheDataDirectory_Warns()
    {
        var options = Options(("IBIS_KEY_DIR", Path.Combine(_root, "ibis-data", "keys")));

        var loaded = KeyEncryptionKeyLocation.Load(options);
        using var held = loaded.Key;

        Assert.NotNull(loaded.GeneratedAt);
        Assert.Contains("inside the data directory", loaded.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfiguredKey_WritesNoFileAnywhere()
    {
        var options = Options(("IBIS_KEK", Convert.ToBase64String(new byte[32])));

        var loaded = KeyEncryptionKeyLocation.Load(options);
        using var held = loaded.Key;

        Assert.Null(loaded.GeneratedAt);
        Assert.Null(loaded.Warning);
        Assert.False(Directory.Exists(options.KeyDirectory));
    }
}
