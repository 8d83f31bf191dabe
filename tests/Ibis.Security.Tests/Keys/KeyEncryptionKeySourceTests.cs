using Ibis.Security.Keys;
using Xunit;

namespace Ibis.Security.Tests.Keys;

public sealed class KeyEncryptionKeySourceTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ibis-kek-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public void Load_WithoutConfigurationOrFile_GeneratesAFileAndReusesItNextTime()
    {
        using var first = KeyEncryptionKeySource.Load(null, _dataDirectory, out var generatedFirst);
        using var second = KeyEncryptionKeySource.Load(null, _dataDirectory, out var generatedSecond);

        Assert.True(generatedFirst);
        Assert.False(generatedSecond);
        Assert.Equal(first.Id, second.Id);
        var path = Path.Combine(_dataDirectory, KeyEncryptionKeySource.FileName);
        Assert.Equal(32, new FileInfo(path).Length);
        Assert.Empty(Directory.GetFiles(_dataDirectory, "*.tmp"));
    }

    [Fact]
    public void Load_GeneratedFile_IsReadableByTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes do not apply.
        }
        using var kek = KeyEncryptionKeySource.Load(null, _dataDirectory, out _);

        var mode = File.GetUnixFileMode(Path.Combine(_dataDirectory, KeyEncryptionKeySource.FileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void Load_GeneratedKek_UnwrapsKeysAfterARestart()
    {
        GeneratedKey key;
        using (var kek = KeyEncryptionKeySource.Load(null, _dataDirectory, out _))
        using (var store = new SoftwareKeyStore(kek))
        {
            key = store.GenerateSigningKey("psd_0001");
        }

        using var reloaded = KeyEncryptionKeySource.Load(null, _dataDirectory, out _);
        using var restarted = new SoftwareKeyStore(reloaded);
        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, "x"u8, restarted.Sign(key.KeyHandle, "x"u8)));
    }

    [Fact]
    public void Load_WithConfiguration_UsesItAndWritesNoFile()
    {
        var bytes = TestKeys.RandomKekBytes();
        using var expected = KeyEncryptionKey.FromBytes(bytes);

        using var kek = KeyEncryptionKeySource.Load(" " + Convert.ToBase64String(bytes) + "\n", _dataDirectory, out var generated);

        Assert.False(generated);
        Assert.Equal(expected.Id, kek.Id);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, KeyEncryptionKeySource.FileName)));
    }

    [Theory]
    [InlineData("not base64!", "not valid base64")]
    [InlineData("AAAA", "decodes to 3 bytes")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "decodes to 36 bytes")]
    public void Load_WithABadConfiguredKek_FailsWithAClearMessage(string configured, string expectedMessage)
    {
        var ex = Assert.Throws<KeyStoreException>(() => KeyEncryptionKeySource.Load(configured, _dataDirectory, out _));

        Assert.Equal(KeyStoreException.KeyEncryptionKeyInvalid, ex.Code);
        Assert.Contains(expectedMessage, ex.Message, StringComparison.Ordinal);
        Assert.Contains("32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithATruncatedFile_FailsAndLeavesTheFileAlone()
    {
        Directory.CreateDirectory(_dataDirectory);
        var path = Path.Combine(_dataDirectory, KeyEncryptionKeySource.FileName);
        File.WriteAllBytes(path, new byte[16]);

        var ex = Assert.Throws<KeyStoreException>(() => KeyEncryptionKeySource.Load(null, _dataDirectory, out _));

        Assert.Equal(KeyStoreException.KeyEncryptionKeyInvalid, ex.Code);
        Assert.Equal(16, new FileInfo(path).Length);
    }

    [Fact]
    public void Load_FromManyThreadsAtOnce_AllGetTheSameKey()
    {
        var ids = new string[8];
        var generated = new bool[8];
        Parallel.For(0, 8, i =>
        {
            using var kek = KeyEncryptionKeySource.Load(null, _dataDirectory, out generated[i]);
            ids[i] = kek.Id;
        });

        Assert.Single(ids.Distinct());
        Assert.Equal(1, generated.Count(g => g));
    }
}
