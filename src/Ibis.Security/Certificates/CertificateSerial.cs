using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ibis.Security.Certificates;

/// <summary>
/// Certificate serial numbers as the indicium carries them: a 64-bit unsigned integer. RFC 5280 §4.1.2.2
/// requires a positive DER INTEGER, so a value with the top bit set is encoded with a leading 0x00
/// (9 content bytes); <see cref="New"/> only draws 63-bit values so serials never need the extra byte.
/// </summary>
public static class CertificateSerial
{
    /// <summary>A random, non-zero serial below 2^63.</summary>
    public static ulong New()
    {
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var value = BinaryPrimitives.ReadUInt64BigEndian(bytes) & 0x7FFF_FFFF_FFFF_FFFFUL;
            if (value != 0)
            {
                return value;
            }
        }
    }

    /// <summary>The DER INTEGER content octets of <paramref name="serial"/>: minimal, big-endian, positive.</summary>
    public static byte[] ToDerContent(ulong serial)
    {
        ArgumentOutOfRangeException.ThrowIfZero(serial);
        Span<byte> buffer = stackalloc byte[9];
        buffer[0] = 0;
        BinaryPrimitives.WriteUInt64BigEndian(buffer[1..], serial);
        var start = 1;
        while (start < 8 && buffer[start] == 0)
        {
            start++;
        }
        // A set top bit would read as negative: keep one 0x00 in front.
        if (buffer[start] >= 0x80)
        {
            start--;
        }
        return buffer[start..].ToArray();
    }

    /// <summary>Reads a certificate's serial back as a ulong; false if it is not a positive 64-bit value.</summary>
    public static bool TryRead(X509Certificate2 certificate, out ulong serial)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return TryFromDerContent(certificate.SerialNumberBytes.Span, out serial);
    }

    /// <summary>Reads the serial of a DER certificate; false (never an exception) on malformed input.</summary>
    public static bool TryRead(ReadOnlySpan<byte> certificateDer, out ulong serial)
    {
        serial = 0;
        try
        {
            var reader = new AsnReader(certificateDer.ToArray(), AsnEncodingRules.DER);
            var certificate = reader.ReadSequence();
            var tbs = certificate.ReadSequence();
            var versionTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (tbs.PeekTag().HasSameClassAndValue(versionTag))
            {
                tbs.ReadEncodedValue();
            }
            return TryFromDerContent(tbs.ReadIntegerBytes().Span, out serial);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    internal static bool TryFromDerContent(ReadOnlySpan<byte> content, out ulong serial)
    {
        serial = 0;
        if (content.IsEmpty || content[0] >= 0x80)
        {
            return false;
        }
        if (content.Length > 1 && content[0] == 0)
        {
            content = content[1..];
        }
        if (content.Length > 8)
        {
            return false;
        }
        foreach (var b in content)
        {
            serial = (serial << 8) | b;
        }
        return serial != 0;
    }
}
