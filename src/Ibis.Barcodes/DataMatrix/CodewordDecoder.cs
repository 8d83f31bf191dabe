namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Turns corrected data codewords back into bytes (ISO/IEC 16022 5.2): ASCII, C40, Text, X12,
/// EDIFACT and Base256, so that symbols from other encoders read too. Untrusted input: every
/// malformed stream ends in a false return, never an exception.
/// </summary>
internal static class CodewordDecoder
{
    private enum Mode { Ascii, C40, Text, X12, Edifact, Base256, Done }

    private static ReadOnlySpan<byte> Macro05Header => "[)>\u001E05\u001D"u8;
    private static ReadOnlySpan<byte> Macro06Header => "[)>\u001E06\u001D"u8;
    private static ReadOnlySpan<byte> MacroTrailer => "\u001E\u0004"u8;

    private const byte GroupSeparator = 0x1D;

    public static bool TryDecode(ReadOnlySpan<byte> codewords, out byte[] data, out string? error)
    {
        var output = new List<byte>(codewords.Length * 2);
        var trailer = false;
        var pos = 0;
        var mode = Mode.Ascii;
        error = null;
        data = [];
        while (mode != Mode.Done && pos < codewords.Length)
        {
            var current = mode;
            var ok = mode switch
            {
                Mode.Ascii => DecodeAscii(codewords, ref pos, output, ref mode, ref trailer, out error),
                Mode.C40 or Mode.Text => DecodeC40Text(codewords, ref pos, output, mode == Mode.Text, out error),
                Mode.X12 => DecodeX12(codewords, ref pos, output, out error),
                Mode.Edifact => DecodeEdifact(codewords, ref pos, output, out error),
                Mode.Base256 => DecodeBase256(codewords, ref pos, output, out error),
                _ => false,
            };
            if (!ok) return false;
            // Every scheme other than ASCII returns to ASCII when it ends (unlatch, count or end of data).
            if (current != Mode.Ascii) mode = Mode.Ascii;
        }
        if (trailer) output.AddRange(MacroTrailer);
        data = [.. output];
        return true;
    }

    private static bool DecodeAscii(ReadOnlySpan<byte> cw, ref int pos, List<byte> output, ref Mode mode, ref bool trailer, out string? error)
    {
        error = null;
        var upperShift = false;
        while (pos < cw.Length)
        {
            var c = cw[pos++];
            if (upperShift && c is >= 1 and <= 128)
            {
                output.Add((byte)(c - 1 + 128));
                upperShift = false;
                continue;
            }
            if (upperShift)
            {
                error = $"Upper shift followed by codeword {c}.";
                return false;
            }
            switch (c)
            {
                case 0:
                    error = "Codeword 0 is not valid in ASCII encodation.";
                    return false;
                case <= 128:
                    output.Add((byte)(c - 1));
                    break;
                case 129:
                    mode = Mode.Done; // pad: end of data
                    return true;
                case <= 229:
                    var pair = c - 130;
                    output.Add((byte)('0' + pair / 10));
                    output.Add((byte)('0' + pair % 10));
                    break;
                case 230:
                    mode = Mode.C40;
                    return true;
                case 231:
                    mode = Mode.Base256;
                    return true;
                case 232:
                    // FNC1 first (GS1 / AIM) marks the format; elsewhere it separates fields.
                    if (pos != 1) output.Add(GroupSeparator);
                    break;
                case 233:
                    pos += 3; // structured append: position and file id, not payload
                    break;
                case 234:
                    break; // reader programming flag
                case 235:
                    upperShift = true;
                    break;
                case 236:
                    output.AddRange(Macro05Header);
                    trailer = true;
                    break;
                case 237:
                    output.AddRange(Macro06Header);
                    trailer = true;
                    break;
                case 238:
                    mode = Mode.X12;
                    return true;
                case 239:
                    mode = Mode.Text;
                    return true;
                case 240:
                    mode = Mode.Edifact;
                    return true;
                case 241:
                    // ECI designator: 1–3 codewords of value; bytes pass through unchanged.
                    if (pos >= cw.Length) { error = "Truncated ECI."; return false; }
                    var first = cw[pos++];
                    pos += first <= 127 ? 0 : first <= 191 ? 1 : 2;
                    break;
                case 254:
                    break; // unlatch with nothing latched; tolerated as other readers do
                default:
                    error = $"Codeword {c} is not valid in ASCII encodation.";
                    return false;
            }
        }
        if (upperShift)
        {
            error = "Upper shift at end of data.";
            return false;
        }
        mode = Mode.Done;
        return true;
    }

    private static bool DecodeC40Text(ReadOnlySpan<byte> cw, ref int pos, List<byte> output, bool text, out string? error)
    {
        error = null;
        var shift = 0;
        var upper = false;
        Span<int> values = stackalloc int[3];
        // Pairs of codewords carry three values; a lone final codeword is ASCII (implicit unlatch).
        while (pos + 1 < cw.Length)
        {
            if (cw[pos] == 254)
            {
                pos++;
                return true;
            }
            if (!Unpack(cw[pos], cw[pos + 1], values))
            {
                error = "Invalid C40/Text codeword pair.";
                return false;
            }
            pos += 2;
            foreach (var v in values)
            {
                int ch;
                switch (shift)
                {
                    case 0:
                        if (v < 3) { shift = v + 1; continue; }
                        ch = v == 3 ? ' ' : v <= 13 ? '0' + v - 4 : (text ? 'a' : 'A') + v - 14;
                        break;
                    case 1:
                        ch = v; // shift 1: control characters 0–31 (value < 40 is guaranteed)
                        if (v > 31) { error = "Invalid Shift 1 value."; return false; }
                        break;
                    case 2:
                        if (v <= 14) ch = 33 + v;
                        else if (v <= 21) ch = 58 + v - 15;
                        else if (v <= 26) ch = 91 + v - 22;
                        else if (v == 27) ch = GroupSeparator; // FNC1
                        else if (v == 30) { upper = true; shift = 0; continue; }
                        else { error = "Invalid Shift 2 value."; return false; }
                        break;
                    default:
                        if (!text) ch = v <= 31 ? 96 + v : -1;
                        else ch = v == 0 ? '`' : v <= 26 ? 'A' + v - 1 : v <= 31 ? 123 + v - 27 : -1;
                        if (ch < 0) { error = "Invalid Shift 3 value."; return false; }
                        break;
                }
                shift = 0;
                output.Add((byte)(upper ? ch + 128 : ch));
                upper = false;
            }
        }
        return true;
    }

    private static bool DecodeX12(ReadOnlySpan<byte> cw, ref int pos, List<byte> output, out string? error)
    {
        error = null;
        Span<int> values = stackalloc int[3];
        while (pos + 1 < cw.Length)
        {
            if (cw[pos] == 254)
            {
                pos++;
                return true;
            }
            if (!Unpack(cw[pos], cw[pos + 1], values))
            {
                error = "Invalid X12 codeword pair.";
                return false;
            }
            pos += 2;
            foreach (var v in values)
            {
                output.Add((byte)(v switch
                {
                    0 => 13,
                    1 => '*',
                    2 => '>',
                    3 => ' ',
                    <= 13 => '0' + v - 4,
                    _ => 'A' + v - 14,
                }));
            }
        }
        return true;
    }

    private static bool Unpack(byte c1, byte c2, Span<int> values)
    {
        var v = (c1 << 8) + c2 - 1;
        if (v < 0 || v >= 64000) return false;
        values[0] = v / 1600;
        values[1] = v / 40 % 40;
        values[2] = v % 40;
        return true;
    }

    private static bool DecodeEdifact(ReadOnlySpan<byte> cw, ref int pos, List<byte> output, out string? error)
    {
        error = null;
        // Fewer than three codewords left: the encoder may have returned to ASCII without unlatching.
        while (cw.Length - pos >= 3)
        {
            var bits = (cw[pos] << 16) | (cw[pos + 1] << 8) | cw[pos + 2];
            for (var k = 0; k < 4; k++)
            {
                var v = (bits >> (18 - 6 * k)) & 0x3F;
                if (v == 0x1F)
                {
                    // Unlatch: the rest of the current codeword is padding; ASCII resumes after it.
                    pos += (6 * (k + 1) + 7) / 8;
                    return true;
                }
                output.Add((byte)((v & 0x20) == 0 ? v | 0x40 : v));
            }
            pos += 3;
        }
        return true;
    }

    private static bool DecodeBase256(ReadOnlySpan<byte> cw, ref int pos, List<byte> output, out string? error)
    {
        error = null;
        if (pos >= cw.Length)
        {
            error = "Base256 latch without a length.";
            return false;
        }
        var d1 = Encodation.Derandomize255(cw[pos], pos + 1);
        pos++;
        int count;
        if (d1 == 0)
        {
            count = cw.Length - pos; // to the end of the symbol
        }
        else if (d1 < 250)
        {
            count = d1;
        }
        else
        {
            if (pos >= cw.Length)
            {
                error = "Truncated Base256 length.";
                return false;
            }
            count = (d1 - 249) * 250 + Encodation.Derandomize255(cw[pos], pos + 1);
            pos++;
        }
        if (count > cw.Length - pos)
        {
            error = $"Base256 segment of {count} bytes overruns the symbol.";
            return false;
        }
        for (var i = 0; i < count; i++, pos++)
            output.Add(Encodation.Derandomize255(cw[pos], pos + 1));
        return true;
    }
}
