using System.Diagnostics.CodeAnalysis;

namespace Ibis.Barcodes.Postal;

/// <summary>
/// The Intelligent Mail barcode (USPS-B-3200): a 20-digit tracking code and a 0-, 5-, 9- or
/// 11-digit routing code (delivery point ZIP) become 65 four-state bars protected by a CRC-11 frame
/// check sequence.
/// </summary>
/// <remarks>
/// The steps follow the specification's encoding procedure: routing code and tracking code to one
/// 102-bit number, its frame check sequence, ten codewords (bases 636 and 1365), ten 13-bit
/// characters from the 5-of-13 and 2-of-13 tables, and finally the fixed bar-to-bit permutation.
/// Everything runs on a <see cref="UInt128"/> without allocating beyond the result.
/// </remarks>
public static class IntelligentMailBarcode
{
    /// <summary>Bars in every Intelligent Mail barcode.</summary>
    public const int BarCount = 65;

    /// <summary>Digits in the tracking code: barcode ID 2, service type 3, mailer ID and serial number 15.</summary>
    public const int TrackingCodeLength = 20;

    // USPS-B-3200: CRC-11 with generator polynomial 0xF35 (x^11 implied), preset to all ones.
    internal const int FcsGenerator = 0xF35;
    internal const int FcsPreset = 0x7FF;

    // Codeword J has 636 values (it is doubled to keep the orientation bit clear), B..I have 1365,
    // A takes what remains (0..658, plus 659 when the FCS's top bit is set).
    internal const int LastCodewordBase = 636;
    internal const int CodewordBase = 1365;

    /// <summary>
    /// Encodes a tracking code and routing code into 65 bars, left to right.
    /// </summary>
    /// <param name="trackingCode">20 digits: barcode ID (second digit 0–4), service type ID (3),
    /// mailer ID (6 or 9) and serial number (9 or 6).</param>
    /// <param name="routingCode">The delivery point ZIP: empty, or 5, 9 or 11 digits.</param>
    /// <exception cref="ArgumentException">A code has the wrong length, a non-digit, or a barcode ID
    /// whose second digit is above 4.</exception>
    public static FourStateBar[] Encode(string trackingCode, string? routingCode = "")
    {
        var bars = new FourStateBar[BarCount];
        if (!TryEncode(trackingCode, routingCode, bars, out var error))
            throw new ArgumentException(error, error.StartsWith("routing", StringComparison.Ordinal) ? nameof(routingCode) : nameof(trackingCode));
        return bars;
    }

    /// <summary>
    /// The bars of <see cref="Encode"/> as 65 letters: F (full), A (ascender), D (descender), T (tracker).
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Encode"/>.</exception>
    public static string EncodeToLetters(string trackingCode, string? routingCode = "") =>
        FourStateBars.ToLetters(Encode(trackingCode, routingCode));

    /// <summary>
    /// Encodes into <paramref name="bars"/> (at least <see cref="BarCount"/> long), or returns false
    /// with the reason the input was refused. Never throws on bad digits.
    /// </summary>
    public static bool TryEncode(string? trackingCode, string? routingCode, Span<FourStateBar> bars, [NotNullWhen(false)] out string? error)
    {
        if (bars.Length < BarCount)
            throw new ArgumentException($"the destination holds {bars.Length} bars; an Intelligent Mail barcode has {BarCount}", nameof(bars));
        error = Validate(trackingCode, routingCode);
        if (error is not null) return false;

        var binary = ToBinary(trackingCode!, routingCode ?? "");
        var fcs = FrameCheckSequence(binary);
        Span<int> codewords = stackalloc int[10];
        ToCodewords(binary, fcs, codewords);
        Span<int> characters = stackalloc int[10];
        ToCharacters(codewords, fcs, characters);
        ToBars(characters, bars);
        return true;
    }

    /// <summary>
    /// Why <paramref name="trackingCode"/> and <paramref name="routingCode"/> cannot be encoded, or
    /// null when they can.
    /// </summary>
    public static string? Validate(string? trackingCode, string? routingCode)
    {
        if (trackingCode is null) return "tracking code is missing";
        if (trackingCode.Length != TrackingCodeLength)
            return $"tracking code must be {TrackingCodeLength} digits, not {trackingCode.Length}";
        var bad = IndexOfNonDigit(trackingCode);
        if (bad >= 0) return $"tracking code must be digits only; character {bad + 1} is '{trackingCode[bad]}'";
        // USPS-B-3200: the barcode ID's second digit is encoded in base 5.
        if (trackingCode[1] > '4')
            return $"tracking code: the second digit of the barcode ID must be 0–4, not {trackingCode[1]}";

        routingCode ??= "";
        if (routingCode.Length is not (0 or 5 or 9 or 11))
            return $"routing code must be empty or 5, 9 or 11 digits, not {routingCode.Length}";
        bad = IndexOfNonDigit(routingCode);
        if (bad >= 0) return $"routing code must be digits only; character {bad + 1} is '{routingCode[bad]}'";
        return null;
    }

    private static int IndexOfNonDigit(string s)
    {
        for (var i = 0; i < s.Length; i++)
            if (!char.IsAsciiDigit(s[i])) return i;
        return -1;
    }

    /// <summary>Step 1: the routing code and tracking code as one number below 2^102.</summary>
    internal static UInt128 ToBinary(string trackingCode, string routingCode)
    {
        ulong routing = 0;
        foreach (var c in routingCode) routing = routing * 10 + (ulong)(c - '0');
        // The offsets keep "no ZIP", ZIP, ZIP+4 and ZIP+4+delivery point apart in one range.
        UInt128 value = routingCode.Length switch
        {
            0 => 0UL,
            5 => routing + 1,
            9 => routing + 100_000 + 1,
            _ => routing + 1_000_000_000 + 100_000 + 1,
        };

        value = value * 10 + (uint)(trackingCode[0] - '0');
        value = value * 5 + (uint)(trackingCode[1] - '0');
        for (var i = 2; i < TrackingCodeLength; i++)
            value = value * 10 + (uint)(trackingCode[i] - '0');
        return value;
    }

    /// <summary>
    /// Step 2: the 11-bit frame check sequence over the 102 data bits, most significant first
    /// (the specification's 13 bytes less the two leading zero bits).
    /// </summary>
    internal static int FrameCheckSequence(UInt128 binary)
    {
        var fcs = FcsPreset;
        for (var bit = 101; bit >= 0; bit--)
        {
            var inBit = (int)(binary >> bit) & 1;
            var feedback = ((fcs >> 10) ^ inBit) & 1;
            fcs <<= 1;
            if (feedback != 0) fcs ^= FcsGenerator;
            fcs &= 0x7FF;
        }
        return fcs;
    }

    /// <summary>
    /// Steps 3–4: codewords A..J (A first); J doubled, A raised by 659 when the FCS's bit 10 is set.
    /// </summary>
    internal static void ToCodewords(UInt128 binary, int fcs, Span<int> codewords)
    {
        codewords[9] = (int)(binary % LastCodewordBase);
        binary /= LastCodewordBase;
        for (var i = 8; i >= 1; i--)
        {
            codewords[i] = (int)(binary % CodewordBase);
            binary /= CodewordBase;
        }
        codewords[0] = (int)binary;
        codewords[9] *= 2;
        if ((fcs & 0x400) != 0) codewords[0] += 659;
    }

    /// <summary>
    /// Step 5: each codeword becomes a 13-bit character (0–1286 from the 5-of-13 table, 1287–1364
    /// from the 2-of-13 table); character i is inverted when FCS bit i is set.
    /// </summary>
    internal static void ToCharacters(ReadOnlySpan<int> codewords, int fcs, Span<int> characters)
    {
        var fiveOf13 = NOf13Tables.FiveOf13;
        var twoOf13 = NOf13Tables.TwoOf13;
        for (var i = 0; i < 10; i++)
        {
            var cw = codewords[i];
            var c = cw < fiveOf13.Length ? fiveOf13[cw] : twoOf13[cw - fiveOf13.Length];
            if (((fcs >> i) & 1) != 0) c = ~c & 0x1FFF;
            characters[i] = c;
        }
    }

    /// <summary>Step 6: each bar's descender and ascender are one bit of one character each.</summary>
    internal static void ToBars(ReadOnlySpan<int> characters, Span<FourStateBar> bars)
    {
        var map = BarMap.Value;
        for (var i = 0; i < BarCount; i++)
        {
            var m = map[i];
            var descender = (characters[m.DescenderCharacter] >> m.DescenderBit) & 1;
            var ascender = (characters[m.AscenderCharacter] >> m.AscenderBit) & 1;
            bars[i] = (FourStateBar)(ascender | (descender << 1));
        }
    }

    internal readonly record struct BarBits(int DescenderCharacter, int DescenderBit, int AscenderCharacter, int AscenderBit);

    /// <summary>
    /// USPS-B-3200's bar-to-character table, bar 1 to bar 65: for each bar, the character (A–J) and
    /// bit (0–12) that set its descender, then those that set its ascender.
    /// </summary>
    private static readonly string[] BarTable =
    [
        "H2E3 B10A0 J12C8 F5G11 I9D1 A1F12 C5B8 E4J11 G3I10 D9H6",
        "F11B4 I5C12 J10A2 H1G7 D6E9 A3I6 G4C7 B1J9 H10F2 E0D8",
        "G2A4 I11B0 J8D12 C6H7 F1E10 B12G9 H3I0 F8J7 E6C10 D4A5",
        "I4F7 H11B9 G0J6 A6E8 C1D2 F9I12 E11G1 J5H4 D3B2 A7C0",
        "B3E1 G10D5 I7J4 C11F6 A8H12 E2I1 F10D0 J3A9 G5C4 H8B7",
        "F0E5 C3A10 G12J2 D11B6 I8H9 F4A11 B5C2 J1E12 I3G6 H0D7",
        "E7H5 A12B11 C9J0 G8F3 D10I2",
    ];

    private static readonly Lazy<BarBits[]> BarMap = new(ParseBarTable);

    private static BarBits[] ParseBarTable()
    {
        var entries = string.Join(' ', BarTable).Split(' ');
        if (entries.Length != BarCount) throw new InvalidOperationException("the bar table must have 65 entries");
        var map = new BarBits[BarCount];
        for (var i = 0; i < BarCount; i++)
        {
            var e = entries[i];
            var split = e.IndexOfAny("ABCDEFGHIJ".ToCharArray(), 1);
            map[i] = new BarBits(e[0] - 'A', int.Parse(e.AsSpan(1, split - 1), System.Globalization.CultureInfo.InvariantCulture),
                                 e[split] - 'A', int.Parse(e.AsSpan(split + 1), System.Globalization.CultureInfo.InvariantCulture));
        }
        return map;
    }

    internal static IReadOnlyList<BarBits> BarMapping => BarMap.Value;
}
