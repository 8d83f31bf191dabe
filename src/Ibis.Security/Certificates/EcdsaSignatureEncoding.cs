using System.Formats.Asn1;

namespace Ibis.Security.Certificates;

// X.509 carries ECDSA signatures as DER SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3), while the
// key stores produce IEEE P1363 r||s (what PKCS#11 CKM_ECDSA returns and the indicium carries).
internal static class EcdsaSignatureEncoding
{
    public static byte[] P1363ToDer(ReadOnlySpan<byte> p1363)
    {
        if (p1363.Length == 0 || p1363.Length % 2 != 0)
        {
            throw new ArgumentException("An IEEE P1363 signature has two halves of equal length.", nameof(p1363));
        }
        var half = p1363.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(TrimLeadingZeros(p1363[..half]));
            writer.WriteIntegerUnsigned(TrimLeadingZeros(p1363[half..]));
        }
        return writer.Encode();
    }

    // DER wants the minimal encoding; r or s may begin with zero bytes.
    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var i = 0;
        while (i < value.Length - 1 && value[i] == 0)
        {
            i++;
        }
        return value[i..];
    }
}
