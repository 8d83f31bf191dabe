namespace Ibis.Barcodes.Postal;

/// <summary>
/// One bar of a four-state postal barcode (USPS-B-3200). Every bar has the tracker (middle) part;
/// the ascender and descender extend it up and down. The values are flags: bit 0 ascender, bit 1
/// descender.
/// </summary>
public enum FourStateBar : byte
{
    /// <summary>The tracker only ("T").</summary>
    Tracker = 0,

    /// <summary>Tracker and ascender ("A").</summary>
    Ascender = 1,

    /// <summary>Tracker and descender ("D").</summary>
    Descender = 2,

    /// <summary>Ascender, tracker and descender ("F").</summary>
    Full = 3,
}

/// <summary>The letters USPS-B-3200 uses for bars: F (full), A (ascender), D (descender), T (tracker).</summary>
public static class FourStateBars
{
    /// <summary>The letter of one bar: F, A, D or T.</summary>
    public static char ToLetter(this FourStateBar bar) => bar switch
    {
        FourStateBar.Full => 'F',
        FourStateBar.Ascender => 'A',
        FourStateBar.Descender => 'D',
        FourStateBar.Tracker => 'T',
        _ => throw new ArgumentOutOfRangeException(nameof(bar), bar, "not a four-state bar"),
    };

    /// <summary>The bars as a string of F/A/D/T letters, left to right.</summary>
    public static string ToLetters(ReadOnlySpan<FourStateBar> bars)
    {
        Span<char> chars = bars.Length <= 256 ? stackalloc char[bars.Length] : new char[bars.Length];
        for (var i = 0; i < bars.Length; i++) chars[i] = bars[i].ToLetter();
        return new string(chars);
    }

    /// <summary>
    /// Reads a string of F/A/D/T letters (case-insensitive) back into bars; null with
    /// <paramref name="error"/> set when a character is not one of them.
    /// </summary>
    public static FourStateBar[]? FromLetters(string letters, out string? error)
    {
        ArgumentNullException.ThrowIfNull(letters);
        var bars = new FourStateBar[letters.Length];
        for (var i = 0; i < letters.Length; i++)
        {
            switch (char.ToUpperInvariant(letters[i]))
            {
                case 'F': bars[i] = FourStateBar.Full; break;
                case 'A': bars[i] = FourStateBar.Ascender; break;
                case 'D': bars[i] = FourStateBar.Descender; break;
                case 'T': bars[i] = FourStateBar.Tracker; break;
                default:
                    error = $"character {i + 1} ('{letters[i]}') is not a bar letter (F, A, D or T)";
                    return null;
            }
        }
        error = null;
        return bars;
    }
}
