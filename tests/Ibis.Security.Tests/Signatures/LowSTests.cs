using System.Numerics;
using Xunit;

namespace Ibis.Security.Tests.Signatures;

/// <summary>Issue 16 item 6: ECDSA signatures leave the key stores in low-S form, so none can be altered into a second valid one.</summary>
public sealed class LowSTests
{
    private static readonly BigInteger N = new(Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"), isUnsigned: true, isBigEndian: true);

    [Fact]
    public void EverySignatureOfTheSoftwareStore_IsLowS_AndVerifies()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_lows");
        for (var i = 0; i < 200; i++) // about half of raw ECDSA signatures are high-S: 200 tries would meet ~100
        {
            var message = BitConverter.GetBytes(i);
            var signature = store.Sign(key.KeyHandle, message);
            Assert.True(P256.IsLowS(signature), $"signature {i} is high-S");
            Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, message, signature));
        }
    }

    [Fact]
    public void LowS_TurnsAHighSSignatureIntoItsLowTwin_WhichStillVerifies()
    {
        using var store = TestKeys.NewStore();
        var key = store.GenerateSigningKey("psd_twin");
        var message = "indicium data"u8.ToArray();
        var low = store.Sign(key.KeyHandle, message);
        var s = new BigInteger(low.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var high = new byte[64];
        low.AsSpan(0, 32).CopyTo(high);
        var highS = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        highS.CopyTo(high.AsSpan(64 - highS.Length));

        Assert.False(P256.IsLowS(high));
        Assert.True(TestKeys.Verifies(key.SubjectPublicKeyInfo, message, high)); // the malleable twin: why only low-S is issued
        Assert.Equal(low, P256.LowS(high));
        Assert.Same(low, P256.LowS(low));
    }
}
