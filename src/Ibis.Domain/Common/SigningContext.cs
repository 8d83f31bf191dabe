namespace Ibis.Domain;

/// <summary>
/// Domain-separation tags of everything a device key signs (issue 16 item 6; docs/security.md "Signed
/// formats"). From format version 2 on, a device signs <c>tag ‖ message</c>, never the bare message, so a
/// signature made for one format (an audit message, say) can never verify as another (an indicium), however
/// the bytes of the two happen to line up. The tag is not carried in the barcode or the record: the verifier
/// knows which format it is checking and puts the tag back, so an indicium stays 124 bytes.
/// </summary>
/// <remarks>
/// Each tag is printable ASCII ended by one zero byte. No tag is a prefix of another (the zero byte occurs
/// only at the end), so <c>tagA ‖ x</c> never equals <c>tagB ‖ y</c>. No earlier (version 1) signed message
/// starts with a tag's first byte <c>'I'</c> (0x49): an indicium or audit message v1 starts with its version
/// byte 1, a reset record v1 with <c>'{'</c>, a PKCS#10 request with 0x30; so an old signature cannot verify
/// as a new format either.
/// </remarks>
public static class SigningContext
{
    /// <summary>The indicium's 60 signed bytes, layout version 2 (docs/indicium-format.md).</summary>
    public static ReadOnlySpan<byte> IndiciumTag => "IBIS-INDICIUM-V2\0"u8;

    /// <summary>The device audit message, layout version 2 (docs/formats/device-audit.md).</summary>
    public static ReadOnlySpan<byte> AuditMessageTag => "IBIS-AUDIT-MESSAGE-V2\0"u8;

    /// <summary>The reset record <c>ibis.reset.v2</c> (docs/formats/reset-record.md).</summary>
    public static ReadOnlySpan<byte> ResetRecordTag => "IBIS-RESET-RECORD-V2\0"u8;

    /// <summary>What the device signs: <paramref name="tag"/> followed by <paramref name="message"/>.</summary>
    public static byte[] Tagged(ReadOnlySpan<byte> tag, ReadOnlySpan<byte> message)
    {
        var signed = new byte[checked(tag.Length + message.Length)];
        tag.CopyTo(signed);
        message.CopyTo(signed.AsSpan(tag.Length));
        return signed;
    }
}
