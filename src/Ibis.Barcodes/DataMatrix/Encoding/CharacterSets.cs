namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// The value sets of the triplet and quadruplet schemes (ISO/IEC 16022 5.2.5–5.2.8): C40 and Text
/// (a basic set of 40 values plus three shift sets and upper shift), X12 (40 values, no shifts) and
/// EDIFACT (six-bit values for bytes 32–94).
/// </summary>
internal static class CharacterSets
{
    public const byte Shift1 = 0;
    public const byte Shift2 = 1;
    public const byte Shift3 = 2;
    public const byte UpperShiftValue = 30; // in the Shift 2 set
    public const byte EdifactUnlatch = 31;

    // Values per byte, 1–4, for C40 and for Text; 0 in X12Values means "not in X12".
    private static readonly byte[] C40Counts = BuildCounts(text: false);
    private static readonly byte[] TextCounts = BuildCounts(text: true);

    /// <summary>How many C40 (or Text) values byte <paramref name="c"/> takes: 1 for the basic set, 2 shifted, 3–4 above 127.</summary>
    public static int ValueCount(byte c, bool text) => (text ? TextCounts : C40Counts)[c];

    /// <summary>Writes the C40 (or Text) values of <paramref name="c"/> and returns how many (at most four).</summary>
    public static int Values(byte c, bool text, Span<byte> values)
    {
        var n = 0;
        if (c >= 128)
        {
            // Upper shift: Shift 2, value 30, then the values of c - 128 (5.2.5.3).
            values[n++] = Shift2;
            values[n++] = UpperShiftValue;
            c -= 128;
        }
        var basic = Basic(c, text);
        if (basic >= 0)
        {
            values[n++] = (byte)basic;
            return n;
        }
        if (text && (uint)(c - 'A') <= 25)
        {
            // Text keeps upper case in Shift 3, 'A' = 1.
            values[n++] = Shift3;
            values[n++] = (byte)(c - 64);
            return n;
        }
        switch (c)
        {
            case < 32:
                values[n++] = Shift1;
                values[n++] = c;
                break;
            case <= 47:
                values[n++] = Shift2;
                values[n++] = (byte)(c - 33);
                break;
            case <= 64:
                values[n++] = Shift2;
                values[n++] = (byte)(c - 58 + 15);
                break;
            case <= 95:
                values[n++] = Shift2;
                values[n++] = (byte)(c - 91 + 22);
                break;
            default:
                // Shift 3: 96–127 ('`', lower case for C40, and '{' to DEL) as c - 96.
                values[n++] = Shift3;
                values[n++] = (byte)(c - 96);
                break;
        }
        return n;
    }

    /// <summary>The X12 value of <paramref name="c"/> (CR, '*', '>', space, digits, upper case), or -1.</summary>
    public static int X12Value(byte c) => c switch
    {
        13 => 0,
        (byte)'*' => 1,
        (byte)'>' => 2,
        (byte)' ' => 3,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 4,
        >= (byte)'A' and <= (byte)'Z' => c - 'A' + 14,
        _ => -1,
    };

    /// <summary>EDIFACT holds bytes 32–94 as their low six bits.</summary>
    public static bool IsEdifact(byte c) => (uint)(c - 32) <= 94 - 32;

    /// <summary>The byte an EDIFACT value stands for (values below 32 carry an implied 0x40).</summary>
    public static byte EdifactByte(int value) => (byte)((value & 0x20) == 0 ? value | 0x40 : value);

    /// <summary>Value in the basic set (space, digits, and upper case for C40 or lower case for Text), or -1.</summary>
    private static int Basic(byte c, bool text)
    {
        if (c == ' ') return 3;
        if ((uint)(c - '0') <= 9) return c - '0' + 4;
        var first = text ? (byte)'a' : (byte)'A';
        if ((uint)(c - first) <= 25) return c - first + 14;
        return -1;
    }

    private static byte[] BuildCounts(bool text)
    {
        var counts = new byte[256];
        Span<byte> scratch = stackalloc byte[4];
        for (var c = 0; c < 256; c++) counts[c] = (byte)Values((byte)c, text, scratch);
        return counts;
    }
}
