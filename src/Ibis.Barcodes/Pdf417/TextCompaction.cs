namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// The four sub-modes of Text Compaction (ISO/IEC 15438 §5.4.1, Table 2): each character is a value
/// 0–29; two values make one codeword (30·high + low).
/// </summary>
internal static class TextCompaction
{
    public const int Alpha = 0;
    public const int Lower = 1;
    public const int Mixed = 2;
    public const int Punctuation = 3;

    // Control values within the sub-modes.
    public const int LatchLower = 27;     // ll in Alpha and Mixed
    public const int ShiftAlpha = 27;     // as in Lower
    public const int LatchMixed = 28;     // ml in Alpha and Lower
    public const int LatchAlpha = 28;     // al in Mixed
    public const int LatchPunctuation = 25; // pl in Mixed
    public const int ShiftPunctuation = 29; // ps in Alpha, Lower and Mixed
    public const int PunctuationToAlpha = 29; // al in Punctuation
    public const int Space = 26;

    /// <summary>Mixed sub-mode values 0–24 (value 25 is pl, 26 space).</summary>
    public static ReadOnlySpan<byte> MixedCharacters => "0123456789&\r\t,:#-.$/+%*=^"u8;

    /// <summary>Punctuation sub-mode values 0–28 (29 is al).</summary>
    public static ReadOnlySpan<byte> PunctuationCharacters => ";<>@[\\]_`~!\r\t,:\n-.$/\"|*()?{}'"u8;

    // For each byte 0–127: the value in each sub-mode, packed 4 × 5 bits (31 = not encodable).
    private static readonly int[] s_values = BuildValues();

    /// <summary>The value of <paramref name="b"/> in <paramref name="subMode"/>, or −1.</summary>
    public static int Value(int subMode, byte b)
    {
        if (b >= 128) return -1;
        var v = (s_values[b] >> (5 * subMode)) & 31;
        return v == 31 ? -1 : v;
    }

    /// <summary>True when <paramref name="b"/> has a value in some sub-mode.</summary>
    public static bool IsText(byte b) => b < 128 && s_values[b] != 0xFFFFF;

    /// <summary>The character for <paramref name="value"/> (0–28) in <paramref name="subMode"/>, or −1 for a control value.</summary>
    public static int Character(int subMode, int value)
    {
        switch (subMode)
        {
            case Alpha:
            case Lower:
                if (value < 26) return (subMode == Alpha ? 'A' : 'a') + value;
                return value == Space ? ' ' : -1;
            case Mixed:
                if (value < 25) return MixedCharacters[value];
                return value == Space ? ' ' : -1;
            default:
                return value < 29 ? PunctuationCharacters[value] : -1;
        }
    }

    private static int[] BuildValues()
    {
        var values = new int[128];
        values.AsSpan().Fill(0xFFFFF);
        for (var c = 'A'; c <= 'Z'; c++) Set(values, Alpha, (byte)c, c - 'A');
        for (var c = 'a'; c <= 'z'; c++) Set(values, Lower, (byte)c, c - 'a');
        Set(values, Alpha, (byte)' ', Space);
        Set(values, Lower, (byte)' ', Space);
        Set(values, Mixed, (byte)' ', Space);
        for (var i = 0; i < MixedCharacters.Length; i++) Set(values, Mixed, MixedCharacters[i], i);
        for (var i = 0; i < PunctuationCharacters.Length; i++) Set(values, Punctuation, PunctuationCharacters[i], i);
        return values;
    }

    private static void Set(int[] values, int subMode, byte b, int value)
    {
        var shift = 5 * subMode;
        values[b] = (values[b] & ~(31 << shift)) | (value << shift);
    }
}
