namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Data encodation (ISO/IEC 16022 5.2): ASCII with digit pairs and upper shift, Base256 segments
/// with their 255-state randomised length and data, and the 253-state randomised padding. The
/// mixed schemes (C40, Text, X12, EDIFACT) and the shortest mix are in <see cref="ShortestEncoder"/>.
/// </summary>
internal static class Encodation
{
    public const byte Pad = 129;
    public const byte LatchBase256 = 231;
    public const byte UpperShift = 235;
    public const byte DigitPairBase = 130;

    /// <summary>
    /// Writes the data codewords for <paramref name="data"/> into <paramref name="output"/>, taken as
    /// the symbol's whole data capacity (the end-of-data rules depend on it), and returns their count
    /// before padding, or -1 when they would not fit.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> data, DataMatrixEncodation mode, Span<byte> output)
    {
        // Nothing encodes in fewer than half a codeword per byte, so longer input can be refused early.
        if (data.Length > 2 * output.Length) return -1;
        switch (mode)
        {
            case DataMatrixEncodation.Ascii:
                return EncodeAsciiOnly(data, output);
            case DataMatrixEncodation.Base256:
                return EncodeBase256Only(data, output);
            default:
                if (output.Length == 0) return data.IsEmpty ? 0 : -1;
                ReadOnlySpan<int> capacity = [output.Length];
                return ShortestEncoder.Encode(data, SchemesFor(mode), capacity, output, out _);
        }
    }

    /// <summary>The schemes the shortest-path encoder may mix for <paramref name="mode"/> (ASCII is always one).</summary>
    public static Schemes SchemesFor(DataMatrixEncodation mode) => mode switch
    {
        DataMatrixEncodation.C40 => Schemes.C40,
        DataMatrixEncodation.Text => Schemes.Text,
        DataMatrixEncodation.X12 => Schemes.X12,
        DataMatrixEncodation.Edifact => Schemes.Edifact,
        DataMatrixEncodation.Ascii => Schemes.Ascii,
        DataMatrixEncodation.Base256 => Schemes.Base256,
        _ => Schemes.All,
    };

    /// <summary>Fills codewords [count, capacity) with the pad sequence (5.2.3).</summary>
    public static void AddPadding(Span<byte> codewords, int count, int capacity)
    {
        if (count >= capacity) return;
        codewords[count] = Pad;
        for (var k = count + 1; k < capacity; k++)
        {
            var position = k + 1;
            var v = Pad + (149 * position % 253) + 1;
            codewords[k] = (byte)(v <= 254 ? v : v - 254);
        }
    }

    /// <summary>The 255-state randomising of Base256 codewords at 1-based stream position <paramref name="position"/>.</summary>
    public static byte Randomize255(int value, int position)
    {
        var v = value + (149 * position % 255) + 1;
        return (byte)(v <= 255 ? v : v - 256);
    }

    /// <summary>Inverse of <see cref="Randomize255"/>.</summary>
    public static byte Derandomize255(int value, int position)
    {
        var v = value - ((149 * position % 255) + 1);
        return (byte)(v >= 0 ? v : v + 256);
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    public static int EncodeAsciiOnly(ReadOnlySpan<byte> data, Span<byte> output)
    {
        var o = 0;
        var i = 0;
        while (i < data.Length)
        {
            if (i + 1 < data.Length && IsDigit(data[i]) && IsDigit(data[i + 1]))
            {
                if (o >= output.Length) return -1;
                output[o++] = (byte)(DigitPairBase + (data[i] - '0') * 10 + (data[i + 1] - '0'));
                i += 2;
            }
            else
            {
                if (!WriteAscii(data[i], output, ref o)) return -1;
                i++;
            }
        }
        return o;
    }

    public static int EncodeBase256Only(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (data.Length == 0) return 0;
        var o = 0;
        return WriteBase256(data, output, ref o) ? o : -1;
    }

    public static bool WriteAscii(byte b, Span<byte> output, ref int o)
    {
        if (b < 128)
        {
            if (o >= output.Length) return false;
            output[o++] = (byte)(b + 1);
            return true;
        }
        if (o + 2 > output.Length) return false;
        output[o++] = UpperShift;
        output[o++] = (byte)(b - 127);
        return true;
    }

    private static int Base256Cost(int length) => length + (length <= 249 ? 2 : 3);

    public static bool WriteBase256(ReadOnlySpan<byte> segment, Span<byte> output, ref int o)
    {
        var length = segment.Length;
        if (o + Base256Cost(length) > output.Length) return false;
        output[o++] = LatchBase256;
        // Positions in the randomising are 1-based over the whole codeword stream.
        if (length <= 249)
        {
            output[o] = Randomize255(length, o + 1);
            o++;
        }
        else
        {
            output[o] = Randomize255(length / 250 + 249, o + 1);
            o++;
            output[o] = Randomize255(length % 250, o + 1);
            o++;
        }
        foreach (var b in segment)
        {
            output[o] = Randomize255(b, o + 1);
            o++;
        }
        return true;
    }
}
