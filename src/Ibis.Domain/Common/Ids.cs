using System.Security.Cryptography;

namespace Ibis.Domain;

/// <summary>
/// Prefixed resource identifiers ("psd_…", "ind_…", "lic_…"): the prefix says what an id names, the
/// rest is 120 random bits in lower-case base32, so ids cannot be guessed or enumerated.
/// The ids of rows written in bulk (indicia) lead with their time instead (<see cref="Ordered"/>).
/// </summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The same 32 characters in ordinal order, so that an ordered id's text sorts as its number does.</summary>
    private const string SortedAlphabet = "234567abcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix)
    {
        Span<byte> random = stackalloc byte[15];
        RandomNumberGenerator.Fill(random);
        Span<char> text = stackalloc char[24];
        // 15 bytes = 120 bits = 24 base32 characters of 5 bits each.
        var bits = 0; var buffer = 0; var n = 0;
        foreach (var b in random)
        {
            buffer = (buffer << 8) | b; bits += 8;
            while (bits >= 5) { text[n++] = Alphabet[(buffer >> (bits - 5)) & 31]; bits -= 5; }
        }
        return prefix + "_" + new string(text[..n]);
    }

    /// <summary>
    /// An id of the same shape whose first 50 bits are the milliseconds since 1970 of <paramref name="at"/> and the
    /// other 70 random (issue 17): ids made later sort after earlier ones (ordinal, as SQLite and PostgreSQL's C
    /// collation compare), so a table's id index grows at its right edge instead of taking a write on a random leaf
    /// page per row — a batch of 100 indicia dirtied ~100 index pages that each went through the write-ahead log.
    /// Seventy random bits still cannot be guessed; what the prefix tells, the row's created_at shows anyway.
    /// </summary>
    public static string Ordered(string prefix, DateTimeOffset at)
    {
        // Before 1970 sorts as 1970; the year 9999 needs 48 of the 50 bits.
        var ms = (ulong)Math.Max(0, at.ToUnixTimeMilliseconds());
        Span<byte> random = stackalloc byte[9];
        RandomNumberGenerator.Fill(random);
        Span<char> text = stackalloc char[24];
        // 10 characters of time (50 bits, most significant first), then 14 of randomness (70 of the 72 bits).
        for (var i = 0; i < 10; i++) text[i] = SortedAlphabet[(int)((ms >> (45 - 5 * i)) & 31)];
        var bits = 0; var buffer = 0; var n = 10;
        foreach (var b in random)
        {
            buffer = (buffer << 8) | b; bits += 8;
            while (bits >= 5 && n < 24) { text[n++] = SortedAlphabet[(buffer >> (bits - 5)) & 31]; bits -= 5; }
        }
        return prefix + "_" + new string(text);
    }

    /// <summary>True when <paramref name="id"/> looks like an id with this prefix (cheap early reject).</summary>
    public static bool HasShape(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + 25 && id.StartsWith(prefix + "_", StringComparison.Ordinal)
        && id.AsSpan(prefix.Length + 1).IndexOfAnyExcept(Alphabet) < 0;
}
