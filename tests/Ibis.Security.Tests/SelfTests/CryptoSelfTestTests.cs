using Ibis.Security.Keys;
using Ibis.Security.SelfTests;
using Xunit;

namespace Ibis.Security.Tests.SelfTests;

public sealed class CryptoSelfTestTests
{
    [Fact]
    public void Run_OnThisPlatform_Passes()
    {
        var result = CryptoSelfTest.Run();

        Assert.True(result.Passed, result.ToString());
        Assert.Empty(result.Failures);
        Assert.Equal(CryptoSelfTest.TestNames, result.TestsRun);
    }

    [Theory]
    [InlineData(CryptoSelfTest.Sha256)]
    [InlineData(CryptoSelfTest.HmacSha256)]
    [InlineData(CryptoSelfTest.AesGcm)]
    [InlineData(CryptoSelfTest.EcdsaP256)]
    public void Run_WithAnInjectedFailure_ReportsExactlyThatTest(string test)
    {
        var result = CryptoSelfTest.Run(test);

        Assert.False(result.Passed);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(test, failure.Test);
        Assert.Contains(test, result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithAnUnknownTestName_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => CryptoSelfTest.Run("md5"));
    }

    [Fact]
    public void GuardedStore_AfterAFailedSelfTest_RefusesToSignOrGenerate()
    {
        using var inner = TestKeys.NewStore();
        var key = inner.GenerateSigningKey("psd_0001");
        var guarded = new SelfTestGuardedKeyStore(inner, CryptoSelfTest.Run(CryptoSelfTest.AesGcm));

        var sign = Assert.Throws<KeyStoreException>(() => guarded.Sign(key.KeyHandle, "indicium"u8));
        var generate = Assert.Throws<KeyStoreException>(() => guarded.GenerateSigningKey("psd_0002"));

        Assert.Equal(KeyStoreException.SelfTestFailed, sign.Code);
        Assert.Equal(KeyStoreException.SelfTestFailed, generate.Code);
        Assert.Contains(CryptoSelfTest.AesGcm, sign.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GuardedStore_AfterAFailedSelfTest_StillDestroysKeys()
    {
        using var inner = TestKeys.NewStore();
        var key = inner.GenerateSigningKey("psd_0001");
        var guarded = new SelfTestGuardedKeyStore(inner, CryptoSelfTest.Run(CryptoSelfTest.EcdsaP256));

        guarded.Destroy(key.KeyHandle);

        var ex = Assert.Throws<KeyStoreException>(() => inner.Sign(key.KeyHandle, "indicium"u8));
        Assert.Equal(KeyStoreException.KeyDestroyed, ex.Code);
    }

    [Fact]
    public void GuardedStore_AfterAPassedSelfTest_SignsAndGenerates()
    {
        using var inner = TestKeys.NewStore();
        var guarded = new SelfTestGuardedKeyStore(inner, CryptoSelfTest.Run());

        var key = guarded.GenerateSigningKey("psd_0001");
        var signature = guarded.Sign(key.KeyHandle, "indicium"u8);

        Assert.Equal("software", guarded.Kind);
        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, "indicium"u8, signature));
    }

    [Fact]
    public void GuardedStore_AfterAFailedSelfTest_RefusesMacKeysAndMacs()
    {
        using var inner = TestKeys.NewStore();
        var macHandle = inner.GenerateMacKey("psd_0001/register");
        var guarded = new SelfTestGuardedKeyStore(inner, CryptoSelfTest.Run(CryptoSelfTest.HmacSha256));

        var mac = Assert.Throws<KeyStoreException>(() => guarded.ComputeMac(macHandle, "register"u8));
        var generate = Assert.Throws<KeyStoreException>(() => guarded.GenerateMacKey("psd_0002/register"));

        Assert.Equal(KeyStoreException.SelfTestFailed, mac.Code);
        Assert.Equal(KeyStoreException.SelfTestFailed, generate.Code);

        guarded.Destroy(macHandle);
        Assert.Equal(KeyStoreException.KeyDestroyed, Assert.Throws<KeyStoreException>(() => inner.ComputeMac(macHandle, "register"u8)).Code);
    }

    [Fact]
    public void GuardedStore_AfterAPassedSelfTest_ComputesMacs()
    {
        using var inner = TestKeys.NewStore();
        var guarded = new SelfTestGuardedKeyStore(inner, CryptoSelfTest.Run());

        var macHandle = guarded.GenerateMacKey("psd_0001/register");

        Assert.Equal(inner.ComputeMac(macHandle, "register"u8), guarded.ComputeMac(macHandle, "register"u8));
    }
}
