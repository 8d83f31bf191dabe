using System.Buffers.Binary;
using System.Globalization;
using Ibis.Domain.Devices;
using Ibis.Domain.Money;

namespace Ibis.Domain.Indicia;

/// <summary>
/// Binary layout of the indicium data (docs/indicium-format.md): big-endian, fixed offsets,
/// 124 bytes, so that it fits a 44×44 Data Matrix in Base256. Our own layout, in the IBI field
/// order; no claim of byte compatibility with the (unpublished) USPS criteria. Versions 1 and 2 have
/// the same bytes and differ in what the signature covers: v1 the 60 signed bytes, v2 the context tag
/// followed by them (<see cref="SignedMessageOf(ReadOnlySpan{byte})"/>, issue 16 item 6).
/// </summary>
public static class IndiciumCodec
{
    /// <summary>Signature over the bare 60 bytes. Printed before context tags; still verified, never printed again.</summary>
    public const byte Version1 = 1;

    /// <summary>Signature over <see cref="SigningContext.IndiciumTag"/> ‖ the 60 bytes: what Ibis prints.</summary>
    public const byte Version2 = 2;

    public const byte CurrentVersion = Version2;
    public const byte AlgorithmEcdsaP256Sha256 = 1;
    public const uint IbisSoftwareId = 0x4942_0100; // "IB" 1.0

    public const int SignedLength = 60;
    public const int SignatureLength = 64;
    public const int Length = SignedLength + SignatureLength;

    private const int OffVersion = 0, OffAlgorithm = 1, OffSerial = 2, OffVendor = 10, OffModel = 12, OffDeviceSerial = 14,
        OffAscending = 18, OffPostage = 26, OffDate = 30, OffLicensingZip = 34, OffSoftware = 38, OffDescending = 42,
        OffRateCategory = 50, OffPieceCount = 52, OffDestinationZip = 56;

    /// <summary>Writes the 60 signed bytes (everything before the signature).</summary>
    public static void WriteSigned(IndiciumData d, Span<byte> dest)
    {
        if (dest.Length < SignedLength) throw new ArgumentException($"need {SignedLength} bytes", nameof(dest));
        if (d.Postage.IsNegative || d.Postage.Value > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(d), "postage does not fit the format");
        if (d.AscendingRegister.IsNegative || d.DescendingRegister.IsNegative) throw new ArgumentOutOfRangeException(nameof(d), "registers are never negative");
        // Never write bytes that Parse would refuse.
        if (d.FormatVersion is not (Version1 or Version2) || d.AlgorithmId != AlgorithmEcdsaP256Sha256) throw new ArgumentOutOfRangeException(nameof(d), "only formats v1 and v2 with ECDSA P-256 are written");
        if (d.LicensingZip.Value == 0 || d.DestinationZip is { Value: 0 }) throw new ArgumentOutOfRangeException(nameof(d), "00000 is not a ZIP Code");
        dest[OffVersion] = d.FormatVersion;
        dest[OffAlgorithm] = d.AlgorithmId;
        BinaryPrimitives.WriteUInt64BigEndian(dest[OffSerial..], d.CertificateSerial);
        BinaryPrimitives.WriteUInt16BigEndian(dest[OffVendor..], d.Device.Vendor);
        BinaryPrimitives.WriteUInt16BigEndian(dest[OffModel..], d.Device.Model);
        BinaryPrimitives.WriteUInt32BigEndian(dest[OffDeviceSerial..], d.Device.Serial);
        BinaryPrimitives.WriteUInt64BigEndian(dest[OffAscending..], (ulong)d.AscendingRegister.Value);
        BinaryPrimitives.WriteUInt32BigEndian(dest[OffPostage..], (uint)d.Postage.Value);
        BinaryPrimitives.WriteUInt32BigEndian(dest[OffDate..], (uint)(d.MailingDate.Year * 10000 + d.MailingDate.Month * 100 + d.MailingDate.Day));
        BinaryPrimitives.WriteUInt32BigEndian(dest[OffLicensingZip..], (uint)d.LicensingZip.Value);
        BinaryPrimitives.WriteUInt32BigEndian(dest[OffSoftware..], d.SoftwareId);
        BinaryPrimitives.WriteUInt64BigEndian(dest[OffDescending..], (ulong)d.DescendingRegister.Value);
        BinaryPrimitives.WriteUInt16BigEndian(dest[OffRateCategory..], d.RateCategory);
        BinaryPrimitives.WriteUInt32BigEndian(dest[OffPieceCount..], d.PieceCount);
        BinaryPrimitives.WriteUInt32BigEndian(dest[OffDestinationZip..], (uint)(d.DestinationZip?.Value ?? 0));
    }

    public static byte[] SignedBytes(IndiciumData d)
    {
        var bytes = new byte[SignedLength];
        WriteSigned(d, bytes);
        return bytes;
    }

    /// <summary>
    /// What the device signs for <paramref name="d"/>: for v2 the indicium context tag followed by the 60 signed
    /// bytes, for v1 (earlier pieces) the 60 bytes alone.
    /// </summary>
    public static byte[] SignedMessage(IndiciumData d)
    {
        if (d.FormatVersion == Version1) return SignedBytes(d);
        // One buffer on the print path: the tag, then the 60 bytes written in place after it.
        var tag = SigningContext.IndiciumTag;
        var message = new byte[tag.Length + SignedLength];
        tag.CopyTo(message);
        WriteSigned(d, message.AsSpan(tag.Length));
        return message;
    }

    /// <summary>
    /// What the signature of an encoded indicium covers, keyed by its version byte: v1 the first 60 bytes, v2 the
    /// indicium context tag followed by them. Call after <see cref="Parse"/> succeeded.
    /// </summary>
    public static byte[] SignedMessageOf(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < SignedLength) throw new ArgumentException($"an indicium has {SignedLength} signed bytes", nameof(encoded));
        return encoded[OffVersion] switch
        {
            Version1 => encoded[..SignedLength].ToArray(),
            Version2 => SigningContext.Tagged(SigningContext.IndiciumTag, encoded[..SignedLength]),
            var v => throw new ArgumentException($"format version {v} is not known", nameof(encoded)),
        };
    }

    /// <summary>The full 124 bytes: signed part followed by the 64-byte signature.</summary>
    public static byte[] Encode(IndiciumData d)
    {
        if (d.Signature.Length != SignatureLength) throw new ArgumentException("the indicium is not signed", nameof(d));
        var bytes = new byte[Length];
        WriteSigned(d, bytes);
        d.Signature.Span.CopyTo(bytes.AsSpan(SignedLength));
        return bytes;
    }

    /// <summary>
    /// Parses untrusted bytes (from a scan or an API caller). Never throws: wrong length, unknown
    /// version or algorithm, impossible dates and out-of-range fields give a failed result.
    /// </summary>
    public static ParseResult<IndiciumData> Parse(ReadOnlySpan<byte> b)
    {
        if (b.Length == 0) return Fail("barcode_data_empty", "no indicium bytes");
        if (b[OffVersion] is not (Version1 or Version2)) return Fail("format_version_unknown", $"format version {b[OffVersion]} is not supported (expected {Version1} or {Version2})");
        if (b.Length != Length) return Fail("format_length_invalid", $"an indicium is {Length} bytes, got {b.Length}");
        if (b[OffAlgorithm] != AlgorithmEcdsaP256Sha256) return Fail("algorithm_unknown", $"algorithm id {b[OffAlgorithm]} is not supported");
        var ascending = BinaryPrimitives.ReadUInt64BigEndian(b[OffAscending..]);
        var descending = BinaryPrimitives.ReadUInt64BigEndian(b[OffDescending..]);
        if (ascending > long.MaxValue || descending > long.MaxValue) return Fail("register_out_of_range", "a register value is out of range");
        var date = BinaryPrimitives.ReadUInt32BigEndian(b[OffDate..]);
        if (!DateOnly.TryParseExact(date.ToString("D8", CultureInfo.InvariantCulture), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var mailingDate))
            return Fail("mailing_date_invalid", $"{date} is not a date");
        var licensingZip = BinaryPrimitives.ReadUInt32BigEndian(b[OffLicensingZip..]);
        if (licensingZip is 0 or > 99_999) return Fail("zip_invalid", $"licensing ZIP {licensingZip} is not a ZIP Code");
        var destinationZip = BinaryPrimitives.ReadUInt32BigEndian(b[OffDestinationZip..]);
        if (destinationZip > 99_999) return Fail("zip_invalid", $"destination ZIP {destinationZip} is not a ZIP Code");
        var data = new IndiciumData
        {
            FormatVersion = b[OffVersion],
            AlgorithmId = b[OffAlgorithm],
            CertificateSerial = BinaryPrimitives.ReadUInt64BigEndian(b[OffSerial..]),
            Device = new DeviceNumber(
                BinaryPrimitives.ReadUInt16BigEndian(b[OffVendor..]),
                BinaryPrimitives.ReadUInt16BigEndian(b[OffModel..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[OffDeviceSerial..])),
            AscendingRegister = Mills.FromMills((long)ascending),
            Postage = Mills.FromMills(BinaryPrimitives.ReadUInt32BigEndian(b[OffPostage..])),
            MailingDate = mailingDate,
            LicensingZip = Zip5.FromNumber((int)licensingZip),
            SoftwareId = BinaryPrimitives.ReadUInt32BigEndian(b[OffSoftware..]),
            DescendingRegister = Mills.FromMills((long)descending),
            RateCategory = BinaryPrimitives.ReadUInt16BigEndian(b[OffRateCategory..]),
            PieceCount = BinaryPrimitives.ReadUInt32BigEndian(b[OffPieceCount..]),
            DestinationZip = destinationZip == 0 ? null : Zip5.FromNumber((int)destinationZip),
            Signature = b.Slice(SignedLength, SignatureLength).ToArray(),
        };
        return ParseResult<IndiciumData>.Ok(data);
    }

    private static ParseResult<IndiciumData> Fail(string code, string message) => ParseResult<IndiciumData>.Fail(code, message);
}
