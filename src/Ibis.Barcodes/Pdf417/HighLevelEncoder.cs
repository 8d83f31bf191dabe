using System.Buffers;

namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// Turns bytes into PDF417 data codewords (ISO/IEC 15438 §5.4): Text, Byte and Numeric Compaction,
/// with the mode switches chosen by a shortest-path search over every position, so the result has the
/// fewest codewords this set of switches can give (a finer search than the Annex N heuristics).
/// </summary>
internal static class HighLevelEncoder
{
    public const int LatchText = 900;
    public const int LatchByte = 901;
    public const int LatchNumeric = 902;
    public const int ShiftByte = 913;
    public const int LatchByteMultipleOf6 = 924;
    public const int Pad = 900;

    // Search states: Text (sub-mode × half-codeword parity), Byte (bytes mod 6), Numeric (digits mod 44).
    private const int ByteBase = 8;
    private const int NumericBase = 14;
    private const int States = 58;
    private const int Infinity = int.MaxValue / 4;

    // Actions when consuming a character.
    private const byte Plain = 0;
    private const byte PunctuationShift = 1;
    private const byte AlphaShift = 2;
    private const byte ByteShift = 3;

    // Latch lengths (in text values) between sub-modes, [from, to]; see Table 2's latch and shift rows.
    private static ReadOnlySpan<byte> LatchLength =>
    [
        0, 1, 1, 2,
        2, 0, 1, 2,
        1, 1, 0, 1,
        1, 2, 2, 0,
    ];

    private static ReadOnlySpan<byte> Identity =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
        29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57,
    ];

    /// <summary>
    /// Writes the data codewords for <paramref name="data"/> (without the symbol length descriptor)
    /// to <paramref name="output"/>; returns their number, or −1 when they do not fit.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> data, Span<int> output)
    {
        var n = data.Length;
        if (n == 0) return 0;
        // A codeword never holds more than 3 digits, so longer input cannot fit in any symbol.
        if (n > 3 * output.Length) return -1;

        var pool = ArrayPool<byte>.Shared;
        var consumeFrom = pool.Rent(n * States);
        var actions = pool.Rent(n * States);
        var origins = pool.Rent(n * States);
        var path = pool.Rent(3 * n);
        try
        {
            Span<int> pre = stackalloc int[States];
            Span<int> post = stackalloc int[States];
            Span<int> next = stackalloc int[States];
            Span<int> snapshot = stackalloc int[8];
            Span<byte> snapshotOrigin = stackalloc byte[8];
            pre.Fill(Infinity);
            pre[0] = 0; // Text Compaction, Alpha, at a codeword boundary (§5.4.1.1)

            for (var i = 0; i < n; i++)
            {
                // Numeric states are reached only by consuming a digit (a latch lands on the first one).
                var numericLive = i > 0 && IsDigit(data[i - 1]);
                Closure(pre, post, origins.AsSpan(i * States, States), snapshot, snapshotOrigin, numericLive);
                Consume(data[i], post, next, consumeFrom.AsSpan(i * States, States), actions.AsSpan(i * States, States));
                next.CopyTo(pre);
            }

            var best = -1;
            var bestCost = Infinity;
            for (var s = 0; s < States; s++)
            {
                var c = pre[s] + (s < ByteBase ? s & 1 : 0);
                if (c < bestCost)
                {
                    bestCost = c;
                    best = s;
                }
            }
            if (bestCost / 2 > output.Length) return -1;

            // Walk back: for each position the state after the switches, the action, and where the switches began.
            var postStates = path.AsSpan(0, n);
            var acts = path.AsSpan(n, n);
            var from = path.AsSpan(2 * n, n);
            var state = best;
            for (var i = n - 1; i >= 0; i--)
            {
                var u = consumeFrom[i * States + state];
                postStates[i] = u;
                acts[i] = actions[i * States + state];
                state = origins[i * States + u];
                from[i] = (byte)state;
            }
            return Emit(data, postStates, acts, from, output);
        }
        finally
        {
            pool.Return(consumeFrom);
            pool.Return(actions);
            pool.Return(origins);
            pool.Return(path);
        }
    }

    /// <summary>Bit k set when the byte has a value in Text sub-mode k (Alpha, Lower, Mixed, Punctuation).</summary>
    private static readonly byte[] SubModes = BuildSubModes();

    private static byte[] BuildSubModes()
    {
        var masks = new byte[256];
        for (var b = 0; b < 256; b++)
            for (var k = 0; k < 4; k++)
                if (TextCompaction.Value(k, (byte)b) >= 0) masks[b] |= (byte)(1 << k);
        return masks;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <param name="pre">Costs before the switches at this position.</param>
    /// <param name="post">Costs after them.</param>
    /// <param name="origin">For each state of <paramref name="post"/>, the state of <paramref name="pre"/> it came from.</param>
    /// <param name="snapshot">Scratch of 8.</param>
    /// <param name="snapshotOrigin">Scratch of 8.</param>
    /// <param name="numericLive">False when every Numeric state of <paramref name="pre"/> is unreachable (the last byte was no digit), which spares the scan of its 44 states.</param>
    private static void Closure(ReadOnlySpan<int> pre, Span<int> post, Span<byte> origin, Span<int> snapshot, Span<byte> snapshotOrigin, bool numericLive)
    {
        pre.CopyTo(post);
        Identity.CopyTo(origin);

        // Leave Byte or Numeric Compaction: 900 to Text (Alpha), or the other latch. Only the cheapest
        // state of each mode can win.
        int bestByte = ByteBase, bestNumeric = NumericBase;
        for (var s = ByteBase + 1; s < NumericBase; s++)
        {
            if (pre[s] < pre[bestByte]) bestByte = s;
        }
        if (numericLive)
        {
            for (var s = NumericBase + 1; s < States; s++)
            {
                if (pre[s] < pre[bestNumeric]) bestNumeric = s;
            }
        }
        if (pre[bestByte] < Infinity)
        {
            Relax(post, origin, 0, pre[bestByte] + 2, bestByte);
            Relax(post, origin, NumericBase, pre[bestByte] + 2, bestByte);
        }
        if (pre[bestNumeric] < Infinity)
        {
            Relax(post, origin, 0, pre[bestNumeric] + 2, bestNumeric);
            Relax(post, origin, ByteBase, pre[bestNumeric] + 2, bestNumeric);
        }

        // Sub-mode latches inside Text Compaction; each value is half a codeword.
        post[..8].CopyTo(snapshot);
        origin[..8].CopyTo(snapshotOrigin);
        for (var s = 0; s < 8; s++)
        {
            if (snapshot[s] >= Infinity) continue;
            var sub = s >> 1;
            for (var t = 0; t < 4; t++)
            {
                if (t == sub) continue;
                var length = LatchLength[sub * 4 + t];
                Relax(post, origin, t * 2 + ((s & 1) ^ (length & 1)), snapshot[s] + length, snapshotOrigin[s]);
            }
        }

        // Latch from Text to Byte or Numeric: pad the half-filled codeword, then one latch codeword.
        for (var s = 0; s < 8; s++)
        {
            if (pre[s] >= Infinity) continue;
            var c = pre[s] + (s & 1) + 2;
            Relax(post, origin, ByteBase, c, s);
            Relax(post, origin, NumericBase, c, s);
        }
    }

    private static void Relax(Span<int> cost, Span<byte> origin, int target, int value, int from)
    {
        if (value < cost[target])
        {
            cost[target] = value;
            origin[target] = (byte)from;
        }
    }

    private static void Consume(byte c, ReadOnlySpan<int> post, Span<int> next, Span<byte> from, Span<byte> action)
    {
        next.Fill(Infinity);
        int inSubMode = SubModes[c];
        var punctuation = (inSubMode & (1 << TextCompaction.Punctuation)) != 0;
        var upper = (inSubMode & (1 << TextCompaction.Alpha)) != 0;
        for (var s = 0; s < 8; s++)
        {
            var cost = post[s];
            if (cost >= Infinity) continue;
            var sub = s >> 1;
            var parity = s & 1;
            if ((inSubMode & (1 << sub)) != 0) Step(next, from, action, sub * 2 + (parity ^ 1), cost + 1, s, Plain);
            if (punctuation && sub != TextCompaction.Punctuation) Step(next, from, action, s, cost + 2, s, PunctuationShift);
            if (upper && sub == TextCompaction.Lower) Step(next, from, action, s, cost + 2, s, AlphaShift);
            // 913 + byte; an odd value count is first padded with 29, which is al in Punctuation.
            var afterShift = sub == TextCompaction.Punctuation && parity == 1 ? 0 : sub * 2;
            Step(next, from, action, afterShift, cost + parity + 4, s, ByteShift);
        }
        for (var r = 0; r < 6; r++)
        {
            var cost = post[ByteBase + r];
            if (cost < Infinity) Step(next, from, action, ByteBase + (r + 1) % 6, cost + (r < 5 ? 2 : 0), ByteBase + r, Plain);
        }
        if (c is >= (byte)'0' and <= (byte)'9')
        {
            for (var q = 0; q < 44; q++)
            {
                var cost = post[NumericBase + q];
                // A group of g digits takes g/3 + 1 codewords.
                if (cost < Infinity) Step(next, from, action, NumericBase + (q + 1) % 44, cost + (q % 3 == 2 || q == 0 ? 2 : 0), NumericBase + q, Plain);
            }
        }
    }

    private static void Step(Span<int> next, Span<byte> from, Span<byte> action, int target, int value, int source, byte kind)
    {
        if (value < next[target])
        {
            next[target] = value;
            from[target] = (byte)source;
            action[target] = kind;
        }
    }

    private static int Emit(ReadOnlySpan<byte> data, ReadOnlySpan<byte> postStates, ReadOnlySpan<byte> acts, ReadOnlySpan<byte> from, Span<int> output)
    {
        var w = new Writer(output);
        var i = 0;
        while (i < data.Length)
        {
            int u = postStates[i], o = from[i];
            if (o != u) w.Transition(o, u);
            if (u >= ByteBase)
            {
                var numeric = u >= NumericBase;
                var end = i + 1;
                while (end < data.Length && postStates[end] >= ByteBase && (postStates[end] >= NumericBase) == numeric && from[end] == postStates[end]) end++;
                if (numeric) w.Numeric(data[i..end]);
                else w.Bytes(data[i..end]);
                i = end;
                continue;
            }
            var sub = u >> 1;
            var c = data[i];
            switch (acts[i])
            {
                case Plain:
                    w.Text(TextCompaction.Value(sub, c));
                    break;
                case PunctuationShift:
                    w.Text(TextCompaction.ShiftPunctuation);
                    w.Text(TextCompaction.Value(TextCompaction.Punctuation, c));
                    break;
                case AlphaShift:
                    w.Text(TextCompaction.ShiftAlpha);
                    w.Text(TextCompaction.Value(TextCompaction.Alpha, c));
                    break;
                default:
                    w.Flush();
                    w.Codeword(ShiftByte);
                    w.Codeword(c);
                    break;
            }
            i++;
        }
        w.Flush();
        return w.Count;
    }

    private ref struct Writer(Span<int> output)
    {
        private readonly Span<int> _output = output;
        private int _pendingValue = -1;

        public int Count { get; private set; }

        public void Codeword(int value) => _output[Count++] = value;

        public void Text(int value)
        {
            if (_pendingValue < 0)
            {
                _pendingValue = value;
                return;
            }
            Codeword(_pendingValue * 30 + value);
            _pendingValue = -1;
        }

        /// <summary>Ends a run of text values; an odd one out is padded with 29 (§5.4.1.3).</summary>
        public void Flush()
        {
            if (_pendingValue >= 0) Text(TextCompaction.ShiftPunctuation);
        }

        public void Transition(int from, int to)
        {
            if (to < ByteBase)
            {
                var sub = 0;
                if (from < ByteBase) sub = from >> 1;
                else Codeword(LatchText);
                Latch(sub, to >> 1);
            }
            else if (from < ByteBase)
            {
                Flush();
            }
        }

        private void Latch(int from, int to)
        {
            if (from == to) return;
            switch (from * 4 + to)
            {
                case 0 * 4 + 1: Text(TextCompaction.LatchLower); break;
                case 0 * 4 + 2: Text(TextCompaction.LatchMixed); break;
                case 0 * 4 + 3: Text(TextCompaction.LatchMixed); Text(TextCompaction.LatchPunctuation); break;
                case 1 * 4 + 0: Text(TextCompaction.LatchMixed); Text(TextCompaction.LatchAlpha); break;
                case 1 * 4 + 2: Text(TextCompaction.LatchMixed); break;
                case 1 * 4 + 3: Text(TextCompaction.LatchMixed); Text(TextCompaction.LatchPunctuation); break;
                case 2 * 4 + 0: Text(TextCompaction.LatchAlpha); break;
                case 2 * 4 + 1: Text(TextCompaction.LatchLower); break;
                case 2 * 4 + 3: Text(TextCompaction.LatchPunctuation); break;
                case 3 * 4 + 0: Text(TextCompaction.PunctuationToAlpha); break;
                case 3 * 4 + 1: Text(TextCompaction.PunctuationToAlpha); Text(TextCompaction.LatchLower); break;
                default: Text(TextCompaction.PunctuationToAlpha); Text(TextCompaction.LatchMixed); break;
            }
        }

        /// <summary>Byte Compaction (§5.4.2): 924 when the run is a multiple of 6 bytes, else 901; 6 bytes → 5 codewords base 900.</summary>
        public void Bytes(ReadOnlySpan<byte> run)
        {
            Codeword(run.Length % 6 == 0 ? LatchByteMultipleOf6 : LatchByte);
            while (run.Length >= 6)
            {
                ulong value = 0;
                for (var k = 0; k < 6; k++) value = (value << 8) | run[k];
                for (var k = 4; k >= 0; k--)
                {
                    _output[Count + k] = (int)(value % 900);
                    value /= 900;
                }
                Count += 5;
                run = run[6..];
            }
            foreach (var b in run) Codeword(b);
        }

        /// <summary>Numeric Compaction (§5.4.3): groups of up to 44 digits, each prefixed by 1 and written base 900.</summary>
        public void Numeric(ReadOnlySpan<byte> digits)
        {
            Codeword(LatchNumeric);
            Span<byte> dec = stackalloc byte[45];
            Span<int> base900 = stackalloc int[16];
            while (digits.Length > 0)
            {
                var g = Math.Min(44, digits.Length);
                var number = dec[..(g + 1)];
                number[0] = 1;
                for (var k = 0; k < g; k++) number[k + 1] = (byte)(digits[k] - '0');
                var count = 0;
                var start = 0;
                while (start < number.Length)
                {
                    // Divide the decimal number by 900 in place; the remainder is the next base-900 digit.
                    var rem = 0;
                    for (var k = start; k < number.Length; k++)
                    {
                        var cur = rem * 10 + number[k];
                        number[k] = (byte)(cur / 900);
                        rem = cur % 900;
                    }
                    base900[count++] = rem;
                    while (start < number.Length && number[start] == 0) start++;
                }
                for (var k = count - 1; k >= 0; k--) Codeword(base900[k]);
                digits = digits[g..];
            }
        }
    }
}
