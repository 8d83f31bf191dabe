using Ibis.Security.Keys;
using Xunit;

namespace Ibis.Security.Tests.Keys;

public sealed class KeyStoreFactoryTests
{
    [Fact]
    public void Software_IsTheDefaultAndUsesTheKek()
    {
        using var kek = KeyEncryptionKey.Generate();

        using var store = Assert.IsType<SoftwareKeyStore>(KeyStoreFactory.Create(new KeyStoreOptions { KeyEncryptionKey = kek }));

        var key = store.GenerateSigningKey("psd_0001");
        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, "x"u8, store.Sign(key.KeyHandle, "x"u8)));
    }

    [Fact]
    public void Software_WithoutAKek_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => KeyStoreFactory.Create(new KeyStoreOptions { Kind = "software" }));
        Assert.Contains("key-encryption key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pkcs11_WithoutTokenOrPin_IsRefusedBeforeLoadingAnything()
    {
        Assert.Throws<ArgumentException>(() => KeyStoreFactory.Create(new KeyStoreOptions { Kind = "pkcs11", Pkcs11Pin = "5678" }));
        Assert.Throws<ArgumentException>(() => KeyStoreFactory.Create(new KeyStoreOptions { Kind = "pkcs11", Pkcs11TokenLabel = "ibis" }));
    }

    [Fact]
    public void Pkcs11_WithAMissingModule_FailsWithUnavailable()
    {
        var ex = Assert.Throws<KeyStoreException>(() => KeyStoreFactory.Create(new KeyStoreOptions
        {
            Kind = "pkcs11",
            Pkcs11Module = "/nonexistent/libpkcs11.so",
            Pkcs11TokenLabel = "ibis",
            Pkcs11Pin = "5678",
        }));
        Assert.Equal(KeyStoreException.Unavailable, ex.Code);
    }

    [Fact]
    public void UnknownKind_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => KeyStoreFactory.Create(new KeyStoreOptions { Kind = "vault" }));
        Assert.Contains("vault", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NeverPrintThePin()
    {
        var options = new KeyStoreOptions { Kind = "pkcs11", Pkcs11TokenLabel = "ibis", Pkcs11Pin = "secret-pin-5678" };

        var text = options.ToString();

        Assert.DoesNotContain("secret-pin-5678", text, StringComparison.Ordinal);
        Assert.Contains("ibis", text, StringComparison.Ordinal);
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", options.Pkcs11Module);
    }
}
