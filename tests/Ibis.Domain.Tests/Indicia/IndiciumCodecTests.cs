using System.Buffers.Binary;
using CsCheck;
using Ibis.Domain.Devices;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Xunit;

namespace Ibis.Domain.Tests.Indicia;

/// <summary>
/// Binary layout v1 of the indicium data: exact offsets, round trips, and parsing of hostile bytes
/// (which must fail with a code, never throw).
/// </summary>
public sealed class IndiciumCodecTests
{
    private static readonly byte[] KnownSignature = Enumerable.Range(0, 64).Select(i => (byte)(0xC0 ^ i)).ToArray();

    private static IndiciumData Known() => new()
    {
        CertificateSerial = 0x0102_0304_0506_0708,
        Device = new DeviceNumber(DeviceNumber.IbisVendor, 0x0A0B, 0x0C0D_0E0F),
        AscendingRegister = Mills.FromMills(0x0011_2233_4455_6677),
        Postage = Mills.FromMills(740),
        MailingDate = new DateOnly(2026, 3, 2),
        LicensingZip = Zip5.FromNumber(20260),
        DescendingRegister = Mills.FromMills(499_260),
        RateCategory = 0x0101,
        PieceCount = 0x0100_0001,
        DestinationZip = Zip5.FromNumber(2134),
        Signature = KnownSignature,
    };

    private static byte[] ValidBytes() => IndiciumCodec.Encode(Known());

    [Fact]
    public void Encode_IsAlways124Bytes()
    {
        Assert.Equal(124, IndiciumCodec.Length);
        Assert.Equal(60, IndiciumCodec.SignedLength);
        Assert.Equal(64, IndiciumCodec.SignatureLength);
        Assert.Equal(124, ValidBytes().Length);
        Assert.Equal(60, IndiciumCodec.SignedBytes(Known()).Length);
    }

    /// <summary>Offset, expected big-endian bytes (docs/indicium-format.md).</summary>
    public static TheoryData<int, string> KnownOffsets => new()
    {
        { 0, "02" },                       // format version (2: signed under the indicium context tag)
        { 1, "01" },                       // algorithm: ECDSA P-256 / SHA-256
        { 2, "0102030405060708" },         // certificate serial
        { 10, "4942" },                    // vendor "IB"
        { 12, "0A0B" },                    // model
        { 14, "0C0D0E0F" },                // device serial
        { 18, "0011223344556677" },        // ascending register (mills)
        { 26, "000002E4" },                // postage 740 mills
        { 30, "013525CE" },                // mailing date 20260302 as a number
        { 34, "00004F24" },                // licensing ZIP 20260
        { 38, "49420100" },                // software id "IB" 1.0
        { 42, "0000000000079E3C" },        // descending register 499260 mills
        { 50, "0101" },                    // rate category
        { 52, "01000001" },                // piece count
        { 56, "00000856" },                // destination ZIP 02134
        { 60, "C0C1C2C3" },                // signature starts right after the signed part
        { 120, "FCFDFEFF" },               // ... and fills the last 64 bytes
    };

    [Theory]
    [MemberData(nameof(KnownOffsets))]
    public void Encode_WritesEachFieldBigEndianAtItsOffset(int offset, string hex)
    {
        var expected = Convert.FromHexString(hex);
        Assert.Equal(hex, Convert.ToHexString(ValidBytes(), offset, expected.Length));
    }

    [Fact]
    public void KnownOffsets_CoverEveryByte()
    {
        var covered = new bool[IndiciumCodec.Length];
        foreach (var row in KnownOffsets)
        {
            var offset = (int)row[0];
            if (offset > IndiciumCodec.SignedLength) continue; // spot checks inside the signature
            var length = offset == IndiciumCodec.SignedLength ? IndiciumCodec.SignatureLength : ((string)row[1]).Length / 2;
            for (var i = offset; i < offset + length && i < covered.Length; i++)
            {
                Assert.False(covered[i], $"byte {i} is claimed by two fields");
                covered[i] = true;
            }
        }
        Assert.All(covered, Assert.True);
    }

    [Fact]
    public void SignedBytes_AreTheFirst60BytesOfTheEncoding()
    {
        Assert.Equal(ValidBytes()[..60], IndiciumCodec.SignedBytes(Known()));
    }

    [Fact]
    public void SignedMessage_OfV2_IsTheIndiciumTagThenThe60Bytes_AndOfV1_TheBytesAlone()
    {
        // Issue 16 item 6: the tag is signed over but not carried, so the encoding keeps its 124 bytes.
        var tag = "IBIS-INDICIUM-V2\0"u8.ToArray();
        Assert.Equal([.. tag, .. ValidBytes()[..60]], IndiciumCodec.SignedMessage(Known()));
        Assert.Equal([.. tag, .. ValidBytes()[..60]], IndiciumCodec.SignedMessageOf(ValidBytes()));

        var v1 = Known() with { FormatVersion = IndiciumCodec.Version1 };
        var v1Bytes = IndiciumCodec.Encode(v1);
        Assert.Equal(1, v1Bytes[0]);
        Assert.Equal(v1Bytes[..60], IndiciumCodec.SignedMessage(v1));
        Assert.Equal(v1Bytes[..60], IndiciumCodec.SignedMessageOf(v1Bytes));
        Assert.Equal(IndiciumCodec.Version1, IndiciumCodec.Parse(v1Bytes).Value.FormatVersion);
        Assert.Equal(IndiciumCodec.Version2, IndiciumCodec.Parse(ValidBytes()).Value.FormatVersion);

        Assert.Throws<ArgumentException>(() => IndiciumCodec.SignedMessageOf(With(b => b[0] = 3)));
        Assert.Throws<ArgumentException>(() => IndiciumCodec.SignedMessageOf(ValidBytes()[..59]));
        Assert.Throws<ArgumentOutOfRangeException>(() => IndiciumCodec.SignedBytes(Known() with { FormatVersion = 3 }));
    }

    [Fact]
    public void Encode_WithoutDestinationZip_WritesZero_AndParseGivesNull()
    {
        var bytes = IndiciumCodec.Encode(Known() with { DestinationZip = null });
        Assert.Equal("00000000", Convert.ToHexString(bytes, 56, 4));
        Assert.Null(IndiciumCodec.Parse(bytes).Value.DestinationZip);
    }

    [Fact]
    public void Encode_OfUnsignedData_Throws()
    {
        Assert.Throws<ArgumentException>(() => IndiciumCodec.Encode(Known() with { Signature = ReadOnlyMemory<byte>.Empty }));
        Assert.Throws<ArgumentException>(() => IndiciumCodec.Encode(Known() with { Signature = new byte[63] }));
    }

    [Fact]
    public void WriteSigned_IntoTooSmallBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => IndiciumCodec.WriteSigned(Known(), new byte[59]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4_294_967_296)]
    public void WriteSigned_OfPostageOutsideTheField_Throws(long postage)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IndiciumCodec.SignedBytes(Known() with { Postage = Mills.FromMills(postage) }));
    }

    [Fact]
    public void WriteSigned_OfNegativeRegisters_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IndiciumCodec.SignedBytes(Known() with { AscendingRegister = Mills.FromMills(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => IndiciumCodec.SignedBytes(Known() with { DescendingRegister = Mills.FromMills(-1) }));
    }

    [Fact]
    public void Parse_OfKnownBytes_GivesKnownFields()
    {
        var result = IndiciumCodec.Parse(ValidBytes());
        Assert.True(result.Success, result.ErrorMessage);
        AssertSameFields(Known(), result.Value);
    }

    private static readonly Gen<IndiciumData> Indicium =
        Gen.Select(
            Gen.Select(Gen.ULong, Gen.UShort, Gen.UShort, Gen.UInt, Gen.Long[0, long.MaxValue], Gen.Long[0, uint.MaxValue],
                Gen.Int[DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber]),
            Gen.Select(Gen.Int[1, 99_999], Gen.UInt, Gen.Long[0, long.MaxValue], Gen.UShort, Gen.UInt, Gen.Int[0, 99_999], Gen.Byte.Array[64]))
        .Select((a, b) => new IndiciumData
        {
            CertificateSerial = a.Item1,
            Device = new DeviceNumber(a.Item2, a.Item3, a.Item4),
            AscendingRegister = Mills.FromMills(a.Item5),
            Postage = Mills.FromMills(a.Item6),
            MailingDate = DateOnly.FromDayNumber(a.Item7),
            LicensingZip = Zip5.FromNumber(b.Item1),
            SoftwareId = b.Item2,
            DescendingRegister = Mills.FromMills(b.Item3),
            RateCategory = b.Item4,
            PieceCount = b.Item5,
            DestinationZip = b.Item6 == 0 ? null : Zip5.FromNumber(b.Item6),
            Signature = b.Item7,
        });

    [Fact]
    public void EncodeThenParse_GivesTheSameFields()
    {
        Indicium.Sample(data =>
        {
            var bytes = IndiciumCodec.Encode(data);
            Assert.Equal(IndiciumCodec.Length, bytes.Length);
            var parsed = IndiciumCodec.Parse(bytes);
            Assert.True(parsed.Success, parsed.ErrorMessage);
            AssertSameFields(data, parsed.Value);
            Assert.Equal(bytes, IndiciumCodec.Encode(parsed.Value));
        }, iter: 5_000);
    }

    [Fact]
    public void Parse_OfRandomBytesOfAnyLength_NeverThrows()
    {
        Gen.Byte.Array[0, 300].Sample(bytes => AssertParsesOrFailsCleanly(bytes), iter: 20_000);
    }

    [Fact]
    public void Parse_OfRandom124BytesWithValidHeader_NeverThrows()
    {
        // Gets past the version, length and algorithm checks so the field checks see random data.
        Gen.Byte.Array[124].Sample(bytes =>
        {
            bytes[0] = IndiciumCodec.Version1;
            bytes[1] = IndiciumCodec.AlgorithmEcdsaP256Sha256;
            AssertParsesOrFailsCleanly(bytes);
        }, iter: 20_000);
    }

    [Fact]
    public void Parse_OfEverySingleByteMutationOfAValidEncoding_NeverThrows()
    {
        var valid = ValidBytes();
        var codes = new HashSet<string>();
        for (var offset = 0; offset < valid.Length; offset++)
        {
            for (var value = 0; value < 256; value++)
            {
                var mutated = (byte[])valid.Clone();
                mutated[offset] = (byte)value;
                var result = AssertParsesOrFailsCleanly(mutated);
                if (!result.Success) codes.Add(result.ErrorCode!);
            }
        }
        Assert.Subset(new HashSet<string> { "format_version_unknown", "algorithm_unknown", "register_out_of_range", "mailing_date_invalid", "zip_invalid" }, codes);
    }

    [Fact]
    public void Parse_OfTruncatedAndExtendedEncodings_FailsWithLengthInvalid()
    {
        var valid = ValidBytes();
        for (var length = 1; length <= 300; length++)
        {
            if (length == IndiciumCodec.Length) continue;
            var bytes = new byte[length];
            valid.AsSpan(0, Math.Min(length, valid.Length)).CopyTo(bytes);
            Assert.Equal("format_length_invalid", IndiciumCodec.Parse(bytes).ErrorCode);
        }
    }

    private static ParseResult<IndiciumData> AssertParsesOrFailsCleanly(byte[] bytes)
    {
        var result = IndiciumCodec.Parse(bytes);
        if (result.Success)
        {
            Assert.Equal(IndiciumCodec.Length, bytes.Length);
            Assert.Equal(bytes, IndiciumCodec.Encode(result.Value));
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(result.ErrorCode));
            Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
        }
        return result;
    }

    private static byte[] With(Action<byte[]> change)
    {
        var bytes = ValidBytes();
        change(bytes);
        return bytes;
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "barcode_data_empty", [] },
        { "format_version_unknown", With(b => b[0] = 0) },
        { "format_version_unknown", With(b => b[0] = 3) },
        { "format_version_unknown", With(b => b[0] = 0xFF) },
        { "format_version_unknown", [3] },
        { "format_length_invalid", [1] },
        { "format_length_invalid", ValidBytes()[..123] },
        { "format_length_invalid", [.. ValidBytes(), 0] },
        { "algorithm_unknown", With(b => b[1] = 0) },
        { "algorithm_unknown", With(b => b[1] = 2) },
        { "register_out_of_range", With(b => b[18] = 0x80) },
        { "register_out_of_range", With(b => b[42] = 0x80) },
        { "mailing_date_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(30), 20261340)) },
        { "mailing_date_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(30), 20250229)) },
        { "mailing_date_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(30), 20260300)) },
        { "mailing_date_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(30), 0)) },
        { "mailing_date_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(30), 2026032)) },
        { "mailing_date_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(30), 202603021)) },
        { "mailing_date_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(30), uint.MaxValue)) },
        { "zip_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(34), 0)) },
        { "zip_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(34), 100_000)) },
        { "zip_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(34), uint.MaxValue)) },
        { "zip_invalid", With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(56), 100_000)) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_OfMalformedBytes_FailsWithSpecificCode(string code, byte[] bytes)
    {
        var result = IndiciumCodec.Parse(bytes);
        Assert.False(result.Success);
        Assert.Equal(code, result.ErrorCode);
    }

    [Theory]
    [InlineData(20240229)]
    [InlineData(00010101)]
    [InlineData(99991231)]
    public void Parse_OfEdgeDates_Succeeds(uint yyyymmdd)
    {
        var result = IndiciumCodec.Parse(With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(30), yyyymmdd)));
        Assert.True(result.Success, result.ErrorMessage);
        var d = result.Value.MailingDate;
        Assert.Equal(yyyymmdd, (uint)(d.Year * 10_000 + d.Month * 100 + d.Day));
    }

    [Theory]
    [InlineData(34, 1u)]
    [InlineData(34, 99_999u)]
    [InlineData(56, 99_999u)]
    public void Parse_OfEdgeZips_Succeeds(int offset, uint zip)
    {
        var result = IndiciumCodec.Parse(With(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(offset), zip)));
        Assert.True(result.Success, result.ErrorMessage);
    }

    [Fact]
    public void Parse_OfLargestRegisters_Succeeds()
    {
        var result = IndiciumCodec.Parse(With(b =>
        {
            BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(18), long.MaxValue);
            BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(42), long.MaxValue);
        }));
        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(long.MaxValue, result.Value.AscendingRegister.Value);
        Assert.Equal(long.MaxValue, result.Value.DescendingRegister.Value);
    }

    [Fact]
    public void Parse_CopiesTheSignature_SoLaterChangesToTheInputDoNotLeakIn()
    {
        var bytes = ValidBytes();
        var parsed = IndiciumCodec.Parse(bytes).Value;
        bytes[100] ^= 0xFF;
        Assert.Equal(KnownSignature, parsed.Signature.ToArray());
    }

    private static void AssertSameFields(IndiciumData expected, IndiciumData actual)
    {
        Assert.Equal(expected.FormatVersion, actual.FormatVersion);
        Assert.Equal(expected.AlgorithmId, actual.AlgorithmId);
        Assert.Equal(expected.CertificateSerial, actual.CertificateSerial);
        Assert.Equal(expected.Device, actual.Device);
        Assert.Equal(expected.AscendingRegister, actual.AscendingRegister);
        Assert.Equal(expected.Postage, actual.Postage);
        Assert.Equal(expected.MailingDate, actual.MailingDate);
        Assert.Equal(expected.LicensingZip, actual.LicensingZip);
        Assert.Equal(expected.SoftwareId, actual.SoftwareId);
        Assert.Equal(expected.DescendingRegister, actual.DescendingRegister);
        Assert.Equal(expected.RateCategory, actual.RateCategory);
        Assert.Equal(expected.PieceCount, actual.PieceCount);
        Assert.Equal(expected.DestinationZip, actual.DestinationZip);
        Assert.Equal(expected.Signature.ToArray(), actual.Signature.ToArray());
    }
}
