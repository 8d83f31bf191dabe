using CsCheck;
using Ibis.Security.Certificates;
using Xunit;

namespace Ibis.Security.Tests.Certificates;

public sealed class CertificateSerialTests
{
    [Fact]
    public void New_IsPositiveNonZeroAndBelow2To63()
    {
        for (var i = 0; i < 10_000; i++)
        {
            var serial = CertificateSerial.New();
            Assert.NotEqual(0UL, serial);
            Assert.True(serial < 0x8000_0000_0000_0000UL);
        }
    }

    [Theory]
    [InlineData(1UL, "01")]
    [InlineData(0x7FUL, "7F")]
    [InlineData(0x80UL, "0080")]
    [InlineData(0x0100UL, "0100")]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFUL, "7FFFFFFFFFFFFFFF")]
    [InlineData(0x8000_0000_0000_0000UL, "008000000000000000")]
    [InlineData(ulong.MaxValue, "00FFFFFFFFFFFFFFFF")]
    public void ToDerContent_IsMinimalAndPositive(ulong serial, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexString(CertificateSerial.ToDerContent(serial)));
    }

    [Fact]
    public void ToDerContent_OfZero_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CertificateSerial.ToDerContent(0));
    }

    [Fact]
    public void ToDerContent_RoundTripsEveryNonZeroUlong()
    {
        Gen.ULong.Where(v => v != 0).Sample(serial =>
        {
            var content = CertificateSerial.ToDerContent(serial);
            Assert.True(content[0] < 0x80);
            Assert.True(content.Length == 1 || content[0] != 0 || content[1] >= 0x80, "not minimal");
            Assert.True(CertificateSerial.TryFromDerContent(content, out var back));
            Assert.Equal(serial, back);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("FF")]
    [InlineData("00")]
    [InlineData("010000000000000000")]
    public void TryFromDerContent_RejectsNegativeZeroAndOversizedSerials(string hex)
    {
        Assert.False(CertificateSerial.TryFromDerContent(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void TryRead_OnGarbage_NeverThrows()
    {
        Gen.Byte.Array[0, 64].Sample(bytes => { CertificateSerial.TryRead(bytes, out _); });
        Assert.False(CertificateSerial.TryRead([0x30, 0x03, 0x30, 0x01], out _));
    }
}
