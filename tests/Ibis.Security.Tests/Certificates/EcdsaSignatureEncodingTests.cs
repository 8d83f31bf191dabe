using System.Security.Cryptography;
using Ibis.Security.Certificates;
using Xunit;

namespace Ibis.Security.Tests.Certificates;

public sealed class EcdsaSignatureEncodingTests
{
    [Fact]
    public void P1363ToDer_VerifiesAsAnRfc3279Signature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        for (var i = 0; i < 200; i++)
        {
            var data = BitConverter.GetBytes(i);
            var p1363 = key.SignData(data, HashAlgorithmName.SHA256);

            var der = EcdsaSignatureEncoding.P1363ToDer(p1363);

            Assert.True(key.VerifyData(data, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
    }

    [Theory]
    // r = 1 and s with its top bit set: minimal INTEGERs, the second with a 0x00 sign byte.
    // Then r with a leading zero byte (31 content bytes) and s = 0.
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001" +
                "8000000000000000000000000000000000000000000000000000000000000000",
                "3026020101022100" + "8000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("007F000000000000000000000000000000000000000000000000000000000000" +
                "0000000000000000000000000000000000000000000000000000000000000000",
                "3024021F7F" + "000000000000000000000000000000000000000000000000000000000000" + "020100")]
    public void P1363ToDer_WritesMinimalPositiveIntegers(string p1363Hex, string expectedDerHex)
    {
        Assert.Equal(expectedDerHex, Convert.ToHexString(EcdsaSignatureEncoding.P1363ToDer(Convert.FromHexString(p1363Hex))));
    }
}
