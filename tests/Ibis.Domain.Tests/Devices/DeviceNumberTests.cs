using CsCheck;
using Ibis.Domain.Devices;
using Xunit;

namespace Ibis.Domain.Tests.Devices;

/// <summary>The device ID on every indicium (P050 4.5): vendor, model, serial.</summary>
public sealed class DeviceNumberTests
{
    [Fact]
    public void IbisVendor_IsTheLettersIB()
    {
        Assert.Equal(0x4942, DeviceNumber.IbisVendor);
        Assert.Equal("IB", new DeviceNumber(DeviceNumber.IbisVendor, 1, 42).VendorCode);
    }

    [Fact]
    public void ToString_PadsModelAndSerial()
    {
        Assert.Equal("IB-0001-00000042", new DeviceNumber(DeviceNumber.IbisVendor, 1, 42).ToString());
        Assert.Equal("IB-65535-4294967295", new DeviceNumber(DeviceNumber.IbisVendor, ushort.MaxValue, uint.MaxValue).ToString());
    }

    public static TheoryData<string, ushort, ushort, uint> Valid => new()
    {
        { "IB-0001-00000042", 0x4942, 1, 42 },
        { "AZ-0000-00000000", 0x415A, 0, 0 },
        { "IB-1-42", 0x4942, 1, 42 },
        { "IB-65535-4294967295", 0x4942, ushort.MaxValue, uint.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_OfWellFormedText_GivesTheParts(string text, ushort vendor, ushort model, uint serial)
    {
        var result = DeviceNumber.Parse(text);
        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(new DeviceNumber(vendor, model, serial), result.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("IB")]
    [InlineData("IB-0001")]
    [InlineData("IB-0001-00000042-1")]
    [InlineData("ib-0001-00000042")]
    [InlineData("I-0001-00000042")]
    [InlineData("IBM-0001-00000042")]
    [InlineData("I1-0001-00000042")]
    [InlineData("\u00C4B-0001-00000042")]
    [InlineData("IB--00000042")]
    [InlineData("IB-0001-")]
    [InlineData("IB-65536-00000042")]
    [InlineData("IB-0001-4294967296")]
    [InlineData("IB-+1-42")]
    [InlineData("IB--1-42")]
    [InlineData("IB- 1-42")]
    [InlineData("IB-0001-42 ")]
    [InlineData("IB-0x1-42")]
    [InlineData("IB-\u0661-42")]
    [InlineData("IB_0001_00000042")]
    public void Parse_OfMalformedText_FailsWithDeviceNumberInvalid(string? text)
    {
        var result = DeviceNumber.Parse(text);
        Assert.False(result.Success);
        Assert.Equal("device_number_invalid", result.ErrorCode);
    }

    [Fact]
    public void ParseOfToString_RoundTrips_ForLetterVendors()
    {
        Gen.Select(Gen.Char['A', 'Z'], Gen.Char['A', 'Z'], Gen.UShort, Gen.UInt).Sample((c1, c2, model, serial) =>
        {
            var device = new DeviceNumber((ushort)((c1 << 8) | c2), model, serial);
            var parsed = DeviceNumber.Parse(device.ToString());
            Assert.True(parsed.Success, parsed.ErrorMessage);
            Assert.Equal(device, parsed.Value);
        }, iter: 5_000);
    }
}
