using System.Buffers.Binary;
using System.Text;
using Ibis.Domain.Money;

namespace Ibis.Domain.Psd;

/// <summary>
/// Everything about a device that a MAC protects (DESIGN §4 "Register integrity"): the registers,
/// the cap and the watchdog, a version that rises with every change, and the previous state's MAC
/// so that states form a chain. Editing any of these in the database, or putting back an older
/// row, no longer matches the MAC computed under the key store's key. Layout v2 also covers the
/// provider's running <see cref="RecordTotals"/>; a state without them (<see cref="Records"/> null)
/// is a v1 seal, made before the totals existed.
/// </summary>
public readonly record struct RegisterState(
    string DeviceId,
    long Version,
    Mills Ascending,
    Mills Descending,
    long PieceCount,
    Mills ControlTotal,
    long ResetCount,
    Mills Cap,
    DateTimeOffset WatchdogDeadline,
    DateTimeOffset LastSeen,
    RecordTotals? Records = null)
{
    private static readonly byte[] Domain = "ibis/registers/v1"u8.ToArray();
    private static readonly byte[] DomainV2 = "ibis/registers/v2"u8.ToArray();

    /// <summary>The canonical bytes the MAC is computed over: fixed layout, big-endian.</summary>
    public byte[] CanonicalBytes(ReadOnlySpan<byte> previousMac)
    {
        var id = Encoding.UTF8.GetBytes(DeviceId);
        var domain = Records is null ? Domain : DomainV2;
        var longs = Records is null ? 9 : 12;
        var bytes = new byte[domain.Length + 1 + id.Length + 8 * longs + 1 + previousMac.Length];
        var span = bytes.AsSpan();
        domain.CopyTo(span);
        var o = domain.Length;
        span[o++] = (byte)id.Length;
        id.CopyTo(span[o..]);
        o += id.Length;
        foreach (var v in new[] { Version, Ascending.Value, Descending.Value, PieceCount, ControlTotal.Value, ResetCount, Cap.Value,
                     // Milliseconds: databases keep instants to 1 µs (PostgreSQL) or 100 µs (SQLite), not to a tick.
                     WatchdogDeadline.ToUnixTimeMilliseconds(), LastSeen.ToUnixTimeMilliseconds() })
        {
            BinaryPrimitives.WriteInt64BigEndian(span[o..], v);
            o += 8;
        }
        if (Records is { } r)
        {
            foreach (var v in new[] { r.Resets.Value, r.Postage.Value, r.Pieces })
            {
                BinaryPrimitives.WriteInt64BigEndian(span[o..], v);
                o += 8;
            }
        }
        span[o++] = (byte)previousMac.Length;
        previousMac.CopyTo(span[o..]);
        return bytes;
    }

    /// <summary>AR + DR = control total; 0 ≤ DR ≤ cap; AR and piece count never negative.</summary>
    public bool InvariantsHold =>
        !Ascending.IsNegative && !Descending.IsNegative && PieceCount >= 0 && Ascending + Descending == ControlTotal && Descending <= Cap;
}
