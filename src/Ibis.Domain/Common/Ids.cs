using System.Security.Cryptography;

namespace Ibis.Domain;

/// <summary>
/// Prefixed resource identifiers ("psd_…", "ind_…", "lic_…"): the prefix says what an id names, the
/// rest is 120 random bits in lower-case base32, so ids cannot be guessed or enumerated.
/// </summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

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

    /// <summary>True when <paramref name="id"/> looks like an id with this prefix (cheap early reject).</summary>
    public static bool HasShape(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + 25 && id.StartsWith(prefix + "_", StringComparison.Ordinal)
        && id.AsSpan(prefix.Length + 1).IndexOfAnyExcept(Alphabet) < 0;
}
