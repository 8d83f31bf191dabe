using System.Security.Cryptography;
using Ibis.Security.Keys;
using Xunit;

namespace Ibis.Security.Tests.Keys;

public sealed class PairwiseConsistencyTestTests
{
    [Fact]
    public void Run_WhenTheHandleSignsWithAnotherKey_Fails()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_0001");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var mismatched = new GeneratedKey(key.KeyHandle, other.ExportSubjectPublicKeyInfo());

        var ex = Assert.Throws<KeyStoreException>(() => PairwiseConsistencyTest.Run(store, mismatched));

        Assert.Equal(KeyStoreException.PairwiseConsistencyFailed, ex.Code);
    }

    [Fact]
    public void Run_WhenTheStoreCannotSign_Fails()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_0001");
        store.Destroy(key.KeyHandle);

        var ex = Assert.Throws<KeyStoreException>(() => PairwiseConsistencyTest.Run(store, key));

        Assert.Equal(KeyStoreException.PairwiseConsistencyFailed, ex.Code);
    }

    [Fact]
    public void Run_ForAGoodKey_Passes()
    {
        using var store = TestKeys.NewStore();
        PairwiseConsistencyTest.Run(store, store.GenerateSigningKey("psd_0001"));
    }
}
