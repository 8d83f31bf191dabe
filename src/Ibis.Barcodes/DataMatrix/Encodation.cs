using System.Buffers;

namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Data encodation (ISO/IEC 16022 5.2): ASCII with digit pairs and upper shift, Base256 segments
/// with their 255-state randomised length and data, and the 253-state randomised padding.
/// </summary>
internal static class Encodation
{
    public const byte Pad = 129;
    public const byte LatchBase256 = 231;
    public const byte UpperShift = 235;
    public const byte DigitPairBase = 130;

    // Choice markers for the shortest-path table; values >= 0 are Base256 segment starts.
    private const int StepAscii = -1;
    private const int StepDigitPair = -2;

    /// <summary>
    /// Writes the data codewords for <paramref name="data"/> into <paramref name="output"/> and returns
    /// their count, or -1 when they would not fit in <paramref name="output"/>.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> data, DataMatrixEncodation mode, Span<byte> output)
    {
        // Nothing encodes in fewer than half a codeword per byte, so longer input can be refused early.
        if (data.Length > 2 * output.Length) return -1;
        return mode switch
        {
            DataMatrixEncodation.Ascii => EncodeAsciiOnly(data, output),
            DataMatrixEncodation.Base256 => EncodeBase256Only(data, output),
            _ => EncodeShortest(data, output),
        };
    }

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

    private static int EncodeAsciiOnly(ReadOnlySpan<byte> data, Span<byte> output)
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

    private static int EncodeBase256Only(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (data.Length == 0) return 0;
        var o = 0;
        return WriteBase256(data, output, ref o) ? o : -1;
    }

    private static bool WriteAscii(byte b, Span<byte> output, ref int o)
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

    private static bool WriteBase256(ReadOnlySpan<byte> segment, Span<byte> output, ref int o)
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

    /// <summary>
    /// Shortest mix of ASCII steps and Base256 segments. cost[i] is the fewest codewords that encode
    /// data[..i] and leave the encoder in ASCII (Base256 segments return to ASCII after their count).
    /// A segment [s, i) costs cost[s] - s + i + 2 (or + 3 past 249 bytes), so the best start is a
    /// sliding-window minimum of cost[s] - s, kept in a monotone deque: linear time overall.
    /// </summary>
    private static int EncodeShortest(ReadOnlySpan<byte> data, Span<byte> output)
    {
        var n = data.Length;
        if (n == 0) return 0;
        int[]? rented = null;
        var scratch = n + 1 <= 256
            ? stackalloc int[4 * (n + 1)]
            : (rented = ArrayPool<int>.Shared.Rent(4 * (n + 1))).AsSpan(0, 4 * (n + 1));
        try
        {
            var cost = scratch[..(n + 1)];
            var choice = scratch.Slice(n + 1, n + 1);
            var deque = scratch.Slice(2 * (n + 1), n + 1);
            var next = scratch.Slice(3 * (n + 1), n + 1);
            int head = 0, tail = 0;
            int farBest = int.MaxValue, farStart = -1; // min cost[s] - s over s <= i - 250
            cost[0] = 0;
            for (var i = 1; i <= n; i++)
            {
                // s = i - 1 becomes a possible segment start.
                var s0 = i - 1;
                while (tail > head && cost[deque[tail - 1]] - deque[tail - 1] >= cost[s0] - s0) tail--;
                deque[tail++] = s0;
                // Starts further back than 249 bytes need the two-byte length field.
                var leaving = i - 250;
                if (leaving >= 0)
                {
                    if (cost[leaving] - leaving < farBest) { farBest = cost[leaving] - leaving; farStart = leaving; }
                    if (deque[head] == leaving) head++;
                }

                var best = cost[i - 1] + (data[i - 1] < 128 ? 1 : 2);
                var how = StepAscii;
                if (i >= 2 && IsDigit(data[i - 1]) && IsDigit(data[i - 2]) && cost[i - 2] + 1 < best)
                {
                    best = cost[i - 2] + 1;
                    how = StepDigitPair;
                }
                var near = deque[head];
                var nearCost = cost[near] - near + i + 2;
                if (nearCost < best)
                {
                    best = nearCost;
                    how = near;
                }
                if (farStart >= 0 && farBest + i + 3 < best)
                {
                    best = farBest + i + 3;
                    how = farStart;
                }
                cost[i] = best;
                choice[i] = how;
            }
            if (cost[n] > output.Length) return -1;

            // Walk back along the choices, then forwards to emit in stream order (randomising depends on position).
            for (var i = n; i > 0;)
            {
                var from = choice[i] switch
                {
                    StepAscii => i - 1,
                    StepDigitPair => i - 2,
                    var s => s,
                };
                next[from] = i;
                i = from;
            }
            var o = 0;
            for (var i = 0; i < n;)
            {
                var end = next[i];
                switch (choice[end])
                {
                    case StepAscii:
                        WriteAscii(data[i], output, ref o);
                        break;
                    case StepDigitPair:
                        output[o++] = (byte)(DigitPairBase + (data[i] - '0') * 10 + (data[i + 1] - '0'));
                        break;
                    default:
                        WriteBase256(data[i..end], output, ref o);
                        break;
                }
                i = end;
            }
            return o;
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }
}
