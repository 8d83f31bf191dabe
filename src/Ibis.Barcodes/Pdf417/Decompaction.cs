namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// Data codewords back to bytes (ISO/IEC 15438 §5.4): Text, Byte and Numeric Compaction and the byte
/// shift. Returns null for sequences that no conforming encoder writes (Macro PDF417 included).
/// </summary>
internal static class Decompaction
{
    private const int Eci0 = 925;
    private const int Eci1 = 926;
    private const int Eci2 = 927;
    private const int MacroStart = 928;
    private const int MacroOptional = 923;
    private const int MacroTerminator = 922;
    private const int ReaderInit = 921;

    /// <summary>Decodes the data codewords that follow the symbol length descriptor.</summary>
    public static byte[]? Decode(ReadOnlySpan<int> codewords)
    {
        var output = new List<byte>(codewords.Length * 2);
        var mode = HighLevelEncoder.LatchText;
        var i = 0;
        var subMode = TextCompaction.Alpha;
        while (i < codewords.Length)
        {
            var cw = codewords[i];
            if (cw >= 900)
            {
                i++;
                switch (cw)
                {
                    case HighLevelEncoder.LatchText:
                        mode = cw;
                        subMode = TextCompaction.Alpha;
                        break;
                    case HighLevelEncoder.LatchByte:
                    case HighLevelEncoder.LatchByteMultipleOf6:
                    case HighLevelEncoder.LatchNumeric:
                        mode = cw;
                        break;
                    case HighLevelEncoder.ShiftByte:
                        // Only meaningful inside Text Compaction; elsewhere it is a malformed sequence.
                        if (mode != HighLevelEncoder.LatchText || i >= codewords.Length || codewords[i] > 255) return null;
                        output.Add((byte)codewords[i++]);
                        break;
                    case Eci0:
                    case Eci2:
                        i += 1;
                        break;
                    case Eci1:
                        i += 2;
                        break;
                    case ReaderInit:
                        break;
                    default:
                        return null; // Macro PDF417 (922, 923, 928) and reserved codewords
                }
                continue;
            }

            var end = i;
            while (end < codewords.Length && codewords[end] < 900) end++;
            var run = codewords[i..end];
            i = end;
            var ok = mode switch
            {
                HighLevelEncoder.LatchText => Text(run, output, ref subMode),
                HighLevelEncoder.LatchNumeric => Numeric(run, output),
                _ => Bytes(run, output, mode == HighLevelEncoder.LatchByteMultipleOf6),
            };
            if (!ok) return null;
        }
        return output.ToArray();
    }

    private static bool Text(ReadOnlySpan<int> run, List<byte> output, ref int subMode)
    {
        // Shifts last one value; a shift left dangling at the end of the run (the odd-count pad) is dropped.
        var shiftedFrom = -1;
        foreach (var cw in run)
        {
            for (var half = 0; half < 2; half++)
            {
                var value = half == 0 ? cw / 30 : cw % 30;
                var mode = subMode;
                if (shiftedFrom >= 0)
                {
                    subMode = shiftedFrom;
                    shiftedFrom = -1;
                }
                var ch = TextCompaction.Character(mode, value);
                if (ch >= 0)
                {
                    output.Add((byte)ch);
                    continue;
                }
                switch (mode)
                {
                    case TextCompaction.Alpha:
                        if (value == TextCompaction.LatchLower) subMode = TextCompaction.Lower;
                        else if (value == TextCompaction.LatchMixed) subMode = TextCompaction.Mixed;
                        else Shift(ref subMode, ref shiftedFrom, mode, TextCompaction.Punctuation);
                        break;
                    case TextCompaction.Lower:
                        if (value == TextCompaction.ShiftAlpha) Shift(ref subMode, ref shiftedFrom, mode, TextCompaction.Alpha);
                        else if (value == TextCompaction.LatchMixed) subMode = TextCompaction.Mixed;
                        else Shift(ref subMode, ref shiftedFrom, mode, TextCompaction.Punctuation);
                        break;
                    case TextCompaction.Mixed:
                        if (value == TextCompaction.LatchPunctuation) subMode = TextCompaction.Punctuation;
                        else if (value == TextCompaction.LatchLower) subMode = TextCompaction.Lower;
                        else if (value == TextCompaction.LatchAlpha) subMode = TextCompaction.Alpha;
                        else Shift(ref subMode, ref shiftedFrom, mode, TextCompaction.Punctuation);
                        break;
                    default:
                        subMode = TextCompaction.Alpha; // al
                        break;
                }
            }
        }
        if (shiftedFrom >= 0) subMode = shiftedFrom;
        return true;
    }

    private static void Shift(ref int subMode, ref int shiftedFrom, int current, int to)
    {
        shiftedFrom = current;
        subMode = to;
    }

    private static bool Bytes(ReadOnlySpan<int> run, List<byte> output, bool multipleOf6)
    {
        // 901: full groups of five codewords while more follow; the last one to five codewords are single
        // bytes. 924: groups of five throughout.
        while (run.Length >= 5 && (multipleOf6 || run.Length > 5))
        {
            ulong value = 0;
            for (var k = 0; k < 5; k++) value = value * 900 + (ulong)run[k];
            if (value >> 48 != 0) return false;
            for (var k = 5; k >= 0; k--) output.Add((byte)(value >> (8 * k)));
            run = run[5..];
        }
        if (multipleOf6 && run.Length > 0) return false;
        foreach (var cw in run)
        {
            if (cw > 255) return false;
            output.Add((byte)cw);
        }
        return true;
    }

    private static bool Numeric(ReadOnlySpan<int> run, List<byte> output)
    {
        Span<int> group = stackalloc int[15];
        Span<byte> digits = stackalloc byte[48];
        while (run.Length > 0)
        {
            var g = Math.Min(15, run.Length);
            run[..g].CopyTo(group);
            var work = group[..g];
            var count = 0;
            var start = 0;
            // Repeated division of the base-900 number by 10 yields its decimal digits, least significant first.
            while (start < g)
            {
                var rem = 0;
                for (var k = start; k < g; k++)
                {
                    var cur = rem * 900 + work[k];
                    work[k] = cur / 10;
                    rem = cur % 10;
                }
                if (count == digits.Length) return false;
                digits[count++] = (byte)rem;
                while (start < g && work[start] == 0) start++;
            }
            // The leading digit is the 1 the encoder put in front of the group.
            if (count < 2 || digits[count - 1] != 1) return false;
            for (var k = count - 2; k >= 0; k--) output.Add((byte)('0' + digits[k]));
            run = run[g..];
        }
        return true;
    }
}
