using System.Diagnostics.CodeAnalysis;

namespace Ibis.Barcodes.Postal;

/// <summary>
/// POSTNET, the legacy two-state ZIP Code barcode that P050 4.2 still names: a frame bar, five bars
/// per digit (two of them full), a check digit, and a closing frame bar.
/// </summary>
public static class Postnet
{
    // Each digit is two full bars among five, weighted 7-4-2-1-0 (0 is the 7+4 pattern).
    private static readonly byte[] DigitPatterns =
    [
        0b11000, 0b00011, 0b00101, 0b00110, 0b01001, 0b01010, 0b01100, 0b10001, 0b10010, 0b10100,
    ];

    /// <summary>
    /// Encodes a 5-digit ZIP, 9-digit ZIP+4 or 11-digit delivery point code; true is a full bar,
    /// false a half bar. The result has 2 + 5 × (digits + 1) bars (32, 52 or 62).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 5, 9 or 11 ASCII digits.</exception>
    public static bool[] Encode(string digits)
    {
        if (!TryEncode(digits, out var bars, out var error)) throw new ArgumentException(error, nameof(digits));
        return bars;
    }

    /// <summary>Like <see cref="Encode"/>, returning false with the reason instead of throwing.</summary>
    public static bool TryEncode(string? digits, [NotNullWhen(true)] out bool[]? bars, [NotNullWhen(false)] out string? error)
    {
        bars = null;
        error = Validate(digits);
        if (error is not null) return false;

        bars = new bool[2 + 5 * (digits!.Length + 1)];
        bars[0] = true;
        var at = 1;
        foreach (var c in digits) at = Put(bars, at, c - '0');
        at = Put(bars, at, CheckDigit(digits));
        bars[at] = true;
        return true;
    }

    /// <summary>Why <paramref name="digits"/> cannot be encoded, or null when it can.</summary>
    public static string? Validate(string? digits)
    {
        if (digits is null) return "POSTNET digits are missing";
        if (digits.Length is not (5 or 9 or 11))
            return $"POSTNET encodes 5, 9 or 11 digits (ZIP, ZIP+4, delivery point), not {digits.Length}";
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiDigit(digits[i]))
                return $"POSTNET encodes digits only; character {i + 1} is '{digits[i]}'";
        }
        return null;
    }

    /// <summary>
    /// The check digit: what brings the sum of all digits to a multiple of 10.
    /// </summary>
    /// <exception cref="ArgumentException">A character is not an ASCII digit.</exception>
    public static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) throw new ArgumentException($"'{c}' is not a digit", nameof(digits));
            sum += c - '0';
        }
        return (10 - sum % 10) % 10;
    }

    private static int Put(bool[] bars, int at, int digit)
    {
        var pattern = DigitPatterns[digit];
        for (var bit = 4; bit >= 0; bit--) bars[at++] = ((pattern >> bit) & 1) != 0;
        return at;
    }
}
