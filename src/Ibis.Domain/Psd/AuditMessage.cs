using System.Buffers.Binary;
using Ibis.Domain.Devices;
using Ibis.Domain.Money;

namespace Ibis.Domain.Psd;

/// <summary>
/// The device audit message (§502.23, §502.25(a)): the PSD reports its registers, signed with its
/// own key, answering a nonce chosen by the provider so that an old report cannot be replayed.
/// Binary layout, big-endian, 97 bytes signed + 64 bytes of ECDSA P-256 signature. Versions 1 and 2
/// have the same bytes; v2 (what devices produce) is signed over the audit-message context tag followed
/// by them, v1 (earlier audits on file) over the bytes alone (<see cref="SignedMessageOf"/>, issue 16 item 6).
/// </summary>
public sealed record AuditMessage(
    DeviceNumber Device,
    Mills Ascending,
    Mills Descending,
    long PieceCount,
    Mills ControlTotal,
    long ResetCount,
    DateTimeOffset? LastReset,
    DateTimeOffset WatchdogDeadline,
    DateTimeOffset Timestamp,
    byte[] Nonce)
{
    /// <summary>Signed without a context tag: audits recorded before tags, still verifiable.</summary>
    public const byte Version1 = 1;

    /// <summary>Signed over <see cref="SigningContext.AuditMessageTag"/> ‖ the message.</summary>
    public const byte Version2 = 2;

    public const int NonceLength = 16;
    public const int SignedLength = 1 + 8 + 8 * 8 + NonceLength;

    /// <summary>The layout version; devices produce <see cref="Version2"/>.</summary>
    public byte Version { get; init; } = Version2;

    public byte[] ToBytes()
    {
        if (Version is not (Version1 or Version2)) throw new ArgumentOutOfRangeException(nameof(Version), "audit message versions are 1 and 2");
        if (Nonce.Length != NonceLength) throw new ArgumentException($"the nonce is {NonceLength} bytes", nameof(Nonce));
        var b = new byte[SignedLength];
        var s = b.AsSpan();
        s[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(s[1..], Device.Vendor);
        BinaryPrimitives.WriteUInt16BigEndian(s[3..], Device.Model);
        BinaryPrimitives.WriteUInt32BigEndian(s[5..], Device.Serial);
        var o = 9;
        foreach (var v in new[] { Ascending.Value, Descending.Value, PieceCount, ControlTotal.Value, ResetCount,
                     LastReset?.ToUnixTimeMilliseconds() ?? 0, WatchdogDeadline.ToUnixTimeMilliseconds(), Timestamp.ToUnixTimeMilliseconds() })
        {
            BinaryPrimitives.WriteInt64BigEndian(s[o..], v);
            o += 8;
        }
        Nonce.CopyTo(s[o..]);
        return b;
    }

    /// <summary>Parses untrusted bytes; never throws.</summary>
    public static ParseResult<AuditMessage> Parse(ReadOnlySpan<byte> b)
    {
        if (b.Length != SignedLength || b[0] is not (Version1 or Version2))
            return ParseResult<AuditMessage>.Fail("audit_message_invalid", $"an audit message is {SignedLength} bytes starting with its version, 1 or 2");
        Span<long> v = stackalloc long[8];
        for (var i = 0; i < 8; i++) v[i] = BinaryPrimitives.ReadInt64BigEndian(b[(9 + 8 * i)..]);
        if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 || v[4] < 0)
            return ParseResult<AuditMessage>.Fail("audit_message_invalid", "negative register in audit message");
        try
        {
            return ParseResult<AuditMessage>.Ok(new AuditMessage(
                new DeviceNumber(BinaryPrimitives.ReadUInt16BigEndian(b[1..]), BinaryPrimitives.ReadUInt16BigEndian(b[3..]), BinaryPrimitives.ReadUInt32BigEndian(b[5..])),
                Mills.FromMills(v[0]), Mills.FromMills(v[1]), v[2], Mills.FromMills(v[3]), v[4],
                v[5] == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(v[5]),
                DateTimeOffset.FromUnixTimeMilliseconds(v[6]),
                DateTimeOffset.FromUnixTimeMilliseconds(v[7]),
                b[(9 + 64)..].ToArray()) { Version = b[0] });
        }
        catch (ArgumentOutOfRangeException)
        {
            return ParseResult<AuditMessage>.Fail("audit_message_invalid", "a time in the audit message is out of range");
        }
    }

    /// <summary>
    /// What the signature of an audit message covers, keyed by its version byte: v2 the audit-message context
    /// tag followed by the message, v1 the message alone. Null when the bytes are no audit message.
    /// </summary>
    public static byte[]? SignedMessageOf(ReadOnlySpan<byte> message)
    {
        if (message.Length != SignedLength) return null;
        return message[0] switch
        {
            Version1 => message.ToArray(),
            Version2 => SigningContext.Tagged(SigningContext.AuditMessageTag, message),
            _ => null,
        };
    }
}
