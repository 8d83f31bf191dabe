using Ibis.Domain.Devices;
using Ibis.Domain.Money;

namespace Ibis.Domain.Indicia;

/// <summary>
/// The signed data elements of an indicium in the IBI field order (see docs/indicium-format.md).
/// <see cref="Signature"/> is ECDSA P-256 r‖s over <see cref="IndiciumCodec.SignedMessage"/>: the indicium
/// context tag and every byte before it (v2), or those bytes alone (v1, earlier pieces).
/// </summary>
public sealed record IndiciumData
{
    public byte FormatVersion { get; init; } = IndiciumCodec.CurrentVersion;

    public byte AlgorithmId { get; init; } = IndiciumCodec.AlgorithmEcdsaP256Sha256;

    public required ulong CertificateSerial { get; init; }

    public required DeviceNumber Device { get; init; }

    /// <summary>AR after this piece.</summary>
    public required Mills AscendingRegister { get; init; }

    public required Mills Postage { get; init; }

    public required DateOnly MailingDate { get; init; }

    /// <summary>ZIP of the licensing post office (P050 4.5).</summary>
    public required Zip5 LicensingZip { get; init; }

    public uint SoftwareId { get; init; } = IndiciumCodec.IbisSoftwareId;

    /// <summary>DR after this piece.</summary>
    public required Mills DescendingRegister { get; init; }

    public required ushort RateCategory { get; init; }

    /// <summary>The device's piece count after this piece.</summary>
    public required uint PieceCount { get; init; }

    /// <summary>Destination ZIP, or null when unknown (encoded as 0).</summary>
    public Zip5? DestinationZip { get; init; }

    /// <summary>64 bytes; empty before signing.</summary>
    public ReadOnlyMemory<byte> Signature { get; init; } = ReadOnlyMemory<byte>.Empty;

    // The signature compares by content: two parses of the same bytes are the same indicium.
    public bool Equals(IndiciumData? other) =>
        other is not null && FormatVersion == other.FormatVersion && AlgorithmId == other.AlgorithmId
        && CertificateSerial == other.CertificateSerial && Device == other.Device && AscendingRegister == other.AscendingRegister
        && Postage == other.Postage && MailingDate == other.MailingDate && LicensingZip == other.LicensingZip
        && SoftwareId == other.SoftwareId && DescendingRegister == other.DescendingRegister && RateCategory == other.RateCategory
        && PieceCount == other.PieceCount && DestinationZip == other.DestinationZip && Signature.Span.SequenceEqual(other.Signature.Span);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(CertificateSerial);
        h.Add(Device);
        h.Add(AscendingRegister);
        h.Add(Postage);
        h.Add(MailingDate);
        h.Add(PieceCount);
        h.AddBytes(Signature.Span);
        return h.ToHashCode();
    }
}
