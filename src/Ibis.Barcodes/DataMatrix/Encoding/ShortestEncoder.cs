using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ibis.Barcodes.DataMatrix;

/// <summary>The encodation schemes <see cref="ShortestEncoder"/> may use; ASCII is always allowed.</summary>
[Flags]
internal enum Schemes
{
    Ascii = 0,
    C40 = 1,
    Text = 2,
    X12 = 4,
    Edifact = 8,
    Base256 = 16,
    All = C40 | Text | X12 | Edifact | Base256,
}

/// <summary>
/// The fewest data codewords for a byte string over every mix of the six ECC200 schemes
/// (ISO/IEC 16022 5.2), and the smallest symbol that holds them.
/// </summary>
/// <remarks>
/// <para>
/// A shortest path over states (position, scheme, values pending in the current C40/Text/X12
/// triplet or EDIFACT quadruplet). Pending values cost nothing until their triplet (two codewords)
/// or quadruplet (three codewords) is complete, so every edge weight is a whole number of codewords
/// and the search is exact. Edges: one character in the current scheme, an ASCII digit pair, a
/// latch from ASCII (one codeword), an unlatch to ASCII (one codeword at a triplet boundary;
/// one to three for EDIFACT depending on how full the quadruplet is), and a whole Base256 segment
/// from ASCII back to ASCII (latch, one or two length codewords, the bytes). Positions only move
/// forward, so one pass in position order settles every state.
/// </para>
/// <para>
/// The end of data depends on how much room the symbol has left (5.2.5.2, 5.2.7.2, 5.2.8.2), so the
/// final states are judged per candidate size, smallest first: a C40/Text/X12 segment ending on a
/// triplet boundary needs its unlatch only when room remains; two pending C40/Text values are padded
/// with Shift 1; a last character that takes one ASCII codeword may follow C40/Text/X12 without an
/// unlatch when exactly one codeword is left; EDIFACT returns to ASCII by itself when one or two
/// codewords are left, and otherwise needs its unlatch value.
/// </para>
/// </remarks>
internal static class ShortestEncoder
{
    // State layout within one position.
    private const int SAscii = 0;
    private const int SC40 = 1;     // + pending values 0..2
    private const int SText = 4;    // + pending values 0..2
    private const int SX12 = 7;     // + pending values 0..2
    private const int SEdifact = 10; // + pending values 0..3
    private const int States = 14;

    private const int Infinity = int.MaxValue / 4;

    // Codewords an EDIFACT unlatch takes with 0..3 values pending: six bits per value plus the
    // unlatch value, rounded up to whole codewords.
    private static ReadOnlySpan<byte> EdifactUnlatchCost => [1, 2, 3, 3];

    private const byte LatchC40 = 230;
    private const byte LatchText = 239;
    private const byte LatchX12 = 238;
    private const byte LatchEdifact = 240;
    private const byte Unlatch = 254;

    /// <summary>How a final state meets the end-of-data rules.</summary>
    private enum Ending : byte
    {
        /// <summary>The path's last state, closed as its scheme requires.</summary>
        Close,

        /// <summary>The rest of the data (one or two ASCII codewords) follows C40/Text/X12/EDIFACT without an unlatch.</summary>
        TrailingAscii,
    }

    private struct Candidate
    {
        public int Position;
        public int State;
        public int Codewords; // cost of the state itself
        public Ending Ending;
        public int Tail;      // ASCII codewords of the tail for TrailingAscii
    }

    /// <summary>
    /// Encodes <paramref name="data"/> into <paramref name="output"/> (at least as long as the largest
    /// capacity) for the first of <paramref name="capacities"/> (ascending data-codeword counts) that
    /// holds it, and returns the number of codewords written before padding, or -1 when none does.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> data, Schemes schemes, ReadOnlySpan<int> capacities, Span<byte> output, out int chosen)
    {
        chosen = -1;
        var n = data.Length;
        var largest = capacities[^1];
        if (n == 0)
        {
            chosen = 0;
            return 0;
        }
        // Nothing packs more than two bytes into a codeword (digit pairs).
        if (n > 2 * largest) return -1;

        var cells = (n + 1) * States;
        var need = 2 * cells + 3 * (n + 1) + 4;
        int[]? rented = null;
        var scratch = need <= 8192
            ? stackalloc int[need]
            : (rented = ArrayPool<int>.Shared.Rent(need)).AsSpan(0, need);
        try
        {
            var cost = scratch[..cells];
            var pred = scratch.Slice(cells, cells);
            var work = scratch.Slice(2 * cells, 3 * (n + 1) + 4);
            Search(data, schemes, cost, pred, work);

            Span<Candidate> candidates = stackalloc Candidate[32];
            var count = CollectCandidates(data, cost, candidates);

            for (var k = 0; k < capacities.Length; k++)
            {
                var capacity = capacities[k];
                var best = -1;
                var bestWritten = int.MaxValue;
                for (var c = 0; c < count; c++)
                {
                    var written = Written(candidates[c], capacity);
                    if (written >= 0 && written < bestWritten)
                    {
                        best = c;
                        bestWritten = written;
                    }
                }
                if (best < 0) continue;
                chosen = k;
                return Emit(data, candidates[best], capacity, pred, work, output);
            }
            return -1;
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }

    // Per byte: C40 values (bits 0–2), Text values (bits 3–5), X12-encodable (bit 6), EDIFACT-encodable
    // (bit 7), ASCII digit (bit 8); one lookup instead of four per position.
    private const int ClassX12 = 1 << 6;
    private const int ClassEdifact = 1 << 7;
    private const int ClassDigit = 1 << 8;
    private static readonly ushort[] Classes = BuildClasses();

    private static ushort[] BuildClasses()
    {
        var classes = new ushort[256];
        for (var c = 0; c < 256; c++)
        {
            var b = (byte)c;
            classes[c] = (ushort)(CharacterSets.ValueCount(b, text: false)
                | CharacterSets.ValueCount(b, text: true) << 3
                | (CharacterSets.X12Value(b) >= 0 ? ClassX12 : 0)
                | (CharacterSets.IsEdifact(b) ? ClassEdifact : 0)
                | (IsDigit(b) ? ClassDigit : 0));
        }
        return classes;
    }

    /// <summary>
    /// Fills cost (codewords to reach each state) and pred (packed predecessor: position &lt;&lt; 5 |
    /// state &lt;&lt; 1 | Base256-segment flag). <paramref name="deque"/> holds n + 1 ints.
    /// </summary>
    /// <remarks>
    /// The hot loop of the encoder: cost and pred are addressed through references (every index is a
    /// state of position i or i + 1 or i + 2, inside the (n + 1) × States cells the caller sized), so the
    /// relaxations carry no bounds checks.
    /// </remarks>
    private static void Search(ReadOnlySpan<byte> data, Schemes schemes, Span<int> costs, Span<int> preds, Span<int> deque)
    {
        var n = data.Length;
        if (costs.Length < (n + 1) * States || preds.Length < (n + 1) * States)
            throw new ArgumentException("The cost and predecessor tables need (n + 1) × States cells.", nameof(costs));
        costs.Fill(Infinity);
        ref var cost = ref MemoryMarshal.GetReference(costs);
        ref var pred = ref MemoryMarshal.GetReference(preds);
        cost = 0;
        pred = -1;
        bool c40 = (schemes & Schemes.C40) != 0, text = (schemes & Schemes.Text) != 0,
            x12 = (schemes & Schemes.X12) != 0, edifact = (schemes & Schemes.Edifact) != 0,
            base256 = (schemes & Schemes.Base256) != 0;
        ReadOnlySpan<ushort> classes = Classes;

        // Base256 segment [s, i) costs cost(s, ASCII) - s + i + 2, or + 3 past 249 bytes; the best
        // start is a sliding-window minimum of cost(s) - s (monotone deque) plus a running minimum
        // for starts more than 249 bytes back.
        int head = 0, tail = 0, farBest = Infinity, farStart = -1;

        for (var i = 0; i <= n; i++)
        {
            var row = i * States;

            if (base256 && i > 0)
            {
                var leaving = i - 250;
                if (leaving >= 0)
                {
                    var key = At(ref cost, leaving * States) - leaving;
                    if (key < farBest) { farBest = key; farStart = leaving; }
                    if (head < tail && deque[head] == leaving) head++;
                }
                if (head < tail)
                {
                    var s = deque[head];
                    Relax(ref cost, ref pred, row + SAscii, At(ref cost, s * States) - s + i + 2, Pack(s, SAscii, true));
                }
                if (farStart >= 0) Relax(ref cost, ref pred, row + SAscii, farBest + i + 3, Pack(farStart, SAscii, true));
            }

            // Unlatches into ASCII, then latches out of it, at the same position.
            if (c40) Relax(ref cost, ref pred, row + SAscii, At(ref cost, row + SC40) + 1, Pack(i, SC40, false));
            if (text) Relax(ref cost, ref pred, row + SAscii, At(ref cost, row + SText) + 1, Pack(i, SText, false));
            if (x12) Relax(ref cost, ref pred, row + SAscii, At(ref cost, row + SX12) + 1, Pack(i, SX12, false));
            if (edifact)
            {
                for (var r = 0; r < 4; r++)
                    Relax(ref cost, ref pred, row + SAscii, At(ref cost, row + SEdifact + r) + EdifactUnlatchCost[r], Pack(i, SEdifact + r, false));
            }
            var ascii = At(ref cost, row + SAscii);
            if (ascii < Infinity)
            {
                var from = Pack(i, SAscii, false);
                if (c40) Relax(ref cost, ref pred, row + SC40, ascii + 1, from);
                if (text) Relax(ref cost, ref pred, row + SText, ascii + 1, from);
                if (x12) Relax(ref cost, ref pred, row + SX12, ascii + 1, from);
                if (edifact) Relax(ref cost, ref pred, row + SEdifact, ascii + 1, from);
            }

            if (base256)
            {
                var key = ascii - i;
                while (tail > head && At(ref cost, deque[tail - 1] * States) - deque[tail - 1] >= key) tail--;
                deque[tail++] = i;
            }

            if (i == n) break;

            var ch = data[i];
            int cls = classes[ch];
            var next = row + States;
            if (ascii < Infinity)
            {
                // "<=": among equal costs prefer the later digit pair ("12|3" rather than "1|23"), as other encoders do.
                RelaxOrEqual(ref cost, ref pred, next + SAscii, ascii + (ch < 128 ? 1 : 2), Pack(i, SAscii, false));
                if ((cls & ClassDigit) != 0 && i + 1 < n && IsDigit(data[i + 1]))
                    Relax(ref cost, ref pred, next + States + SAscii, ascii + 1, Pack(i, SAscii, false));
            }
            if (c40) Triplets(ref cost, ref pred, row, SC40, cls & 7, i);
            if (text) Triplets(ref cost, ref pred, row, SText, (cls >> 3) & 7, i);
            if (x12 && (cls & ClassX12) != 0) Triplets(ref cost, ref pred, row, SX12, 1, i);
            if (edifact && (cls & ClassEdifact) != 0)
            {
                for (var r = 0; r < 4; r++)
                {
                    var k = At(ref cost, row + SEdifact + r);
                    if (k < Infinity) Relax(ref cost, ref pred, next + SEdifact + (r + 1) % 4, k + (r == 3 ? 3 : 0), Pack(i, SEdifact + r, false));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int At(ref int table, int index) => Unsafe.Add(ref table, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Triplets(ref int cost, ref int pred, int row, int scheme, int values, int i)
    {
        for (var r = 0; r < 3; r++)
        {
            var k = At(ref cost, row + scheme + r);
            if (k >= Infinity) continue;
            var t = r + values;
            Relax(ref cost, ref pred, row + States + scheme + t % 3, k + 2 * (t / 3), Pack(i, scheme + r, false));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Relax(ref int cost, ref int pred, int at, int value, int from)
    {
        ref var c = ref Unsafe.Add(ref cost, at);
        if (value < c)
        {
            c = value;
            Unsafe.Add(ref pred, at) = from;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RelaxOrEqual(ref int cost, ref int pred, int at, int value, int from)
    {
        ref var c = ref Unsafe.Add(ref cost, at);
        if (value <= c)
        {
            c = value;
            Unsafe.Add(ref pred, at) = from;
        }
    }

    private static int Pack(int position, int state, bool base256) => (position << 5) | (state << 1) | (base256 ? 1 : 0);

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>ASCII codewords for <paramref name="tail"/> (digit pairs taken greedily, which is optimal in ASCII alone).</summary>
    private static int AsciiCost(ReadOnlySpan<byte> tail)
    {
        var total = 0;
        for (var i = 0; i < tail.Length;)
        {
            if (i + 1 < tail.Length && IsDigit(tail[i]) && IsDigit(tail[i + 1])) { total++; i += 2; }
            else { total += tail[i] < 128 ? 1 : 2; i++; }
        }
        return total;
    }

    private static int CollectCandidates(ReadOnlySpan<byte> data, ReadOnlySpan<int> cost, Span<Candidate> candidates)
    {
        var n = data.Length;
        var count = 0;
        var end = n * States;
        for (var s = 0; s < States; s++)
        {
            if (cost[end + s] >= Infinity) continue;
            // C40/Text/X12 with one pending value and X12 with two cannot close here.
            if (s is SC40 + 1 or SText + 1 or SX12 + 1 or SX12 + 2) continue;
            candidates[count++] = new Candidate { Position = n, State = s, Codewords = cost[end + s], Ending = Ending.Close };
        }
        // The last one to four bytes in ASCII after a triplet or quadruplet boundary, without unlatch.
        for (var j = Math.Max(0, n - 4); j < n; j++)
        {
            var tail = AsciiCost(data[j..]);
            if (tail > 2) continue;
            var row = j * States;
            ReadOnlySpan<int> boundaries = [SC40, SText, SX12, SEdifact];
            foreach (var s in boundaries)
            {
                if (cost[row + s] >= Infinity || (s != SEdifact && tail != 1)) continue;
                candidates[count++] = new Candidate { Position = j, State = s, Codewords = cost[row + s], Ending = Ending.TrailingAscii, Tail = tail };
            }
        }
        return count;
    }

    /// <summary>Codewords the candidate writes before padding in a symbol of <paramref name="capacity"/>, or -1 when it cannot end there.</summary>
    private static int Written(in Candidate c, int capacity)
    {
        var k = c.Codewords;
        if (c.Ending == Ending.TrailingAscii)
        {
            if (c.State == SEdifact) return k + c.Tail <= capacity && capacity <= k + 2 ? k + c.Tail : -1;
            return capacity == k + 1 ? k + 1 : -1;
        }
        switch (c.State)
        {
            case SAscii:
                return k <= capacity ? k : -1;
            case SC40 or SText or SX12:
                // Unlatch whenever room is left (as libdmtx and zxing do; a lone last codeword would
                // be read as ASCII anyway).
                return k > capacity ? -1 : k < capacity ? k + 1 : k;
            case SC40 + 2 or SText + 2:
                k += 2; // the two values and a Shift 1 pad make a triplet
                return k > capacity ? -1 : k < capacity ? k + 1 : k;
            case SEdifact:
                // One or two codewords left: the reader is back in ASCII by itself.
                return k > capacity ? -1 : capacity - k >= 3 ? k + 1 : k;
            default:
                // EDIFACT with values pending: they and the unlatch value make a short last
                // quadruplet, which a reader only takes as EDIFACT with three or more codewords left.
                var r = c.State - SEdifact;
                return k + 3 <= capacity ? k + EdifactUnlatchCost[r] : -1;
        }
    }

    private static int Emit(ReadOnlySpan<byte> data, in Candidate end, int capacity, ReadOnlySpan<int> pred, Span<int> path, Span<byte> output)
    {
        // Walk back from the final state; path holds packed nodes (the edge into each) in reverse.
        var length = 0;
        var node = Pack(end.Position, end.State, false);
        while (true)
        {
            path[length++] = node;
            var at = (node >> 5) * States + ((node >> 1) & 15);
            var p = pred[at];
            if (p < 0) break;
            // Keep the edge flag of the predecessor link on the node it leads to.
            path[length - 1] = (node & ~1) | (p & 1);
            node = p & ~1;
        }

        var o = 0;
        Span<byte> values = stackalloc byte[8];
        var pending = 0;
        var position = 0;
        var state = SAscii;
        for (var k = length - 2; k >= 0; k--)
        {
            var next = path[k];
            var nextPosition = next >> 5;
            var nextState = (next >> 1) & 15;
            if ((next & 1) != 0)
            {
                Encodation.WriteBase256(data[position..nextPosition], output, ref o);
            }
            else if (nextPosition == position)
            {
                if (state == SAscii)
                {
                    output[o++] = nextState switch
                    {
                        SC40 => LatchC40,
                        SText => LatchText,
                        SX12 => LatchX12,
                        _ => LatchEdifact,
                    };
                    pending = 0;
                }
                else if (state < SEdifact)
                {
                    output[o++] = Unlatch;
                }
                else
                {
                    EdifactReturn(values, pending, capacity, output, ref o);
                    pending = 0;
                }
            }
            else if (state == SAscii)
            {
                if (nextPosition - position == 2) output[o++] = (byte)(Encodation.DigitPairBase + (data[position] - '0') * 10 + (data[position + 1] - '0'));
                else Encodation.WriteAscii(data[position], output, ref o);
            }
            else if (state < SX12)
            {
                pending += CharacterSets.Values(data[position], state >= SText, values[pending..]);
                pending = FlushTriplets(values, pending, output, ref o);
            }
            else if (state < SEdifact)
            {
                values[pending++] = (byte)CharacterSets.X12Value(data[position]);
                pending = FlushTriplets(values, pending, output, ref o);
            }
            else
            {
                values[pending++] = (byte)(data[position] & 0x3F);
                if (pending == 4)
                {
                    WriteEdifact(values[..4], output, ref o);
                    pending = 0;
                }
            }
            position = nextPosition;
            state = nextState;
        }

        if (end.Ending == Ending.TrailingAscii)
        {
            WriteAsciiRun(data[end.Position..], output, ref o);
            return o;
        }
        switch (end.State)
        {
            case SAscii:
                break;
            case SC40 + 2 or SText + 2:
                values[pending++] = CharacterSets.Shift1;
                FlushTriplets(values, pending, output, ref o);
                if (o < capacity) output[o++] = Unlatch;
                break;
            case SC40 or SText or SX12:
                if (o < capacity) output[o++] = Unlatch;
                break;
            case SEdifact:
                if (capacity - o >= 3) EdifactReturn(values, 0, capacity, output, ref o);
                break;
            default:
                EdifactReturn(values, pending, capacity, output, ref o);
                break;
        }
        return o;
    }

    private static int FlushTriplets(Span<byte> values, int pending, Span<byte> output, ref int o)
    {
        var start = 0;
        while (pending - start >= 3)
        {
            var v = 1600 * values[start] + 40 * values[start + 1] + values[start + 2] + 1;
            output[o++] = (byte)(v >> 8);
            output[o++] = (byte)v;
            start += 3;
        }
        for (var k = start; k < pending; k++) values[k - start] = values[k];
        return pending - start;
    }

    private static void WriteEdifact(ReadOnlySpan<byte> values, Span<byte> output, ref int o)
    {
        // Up to four six-bit values, most significant first, zero-filled to whole codewords.
        var bits = 0;
        for (var k = 0; k < 4; k++) bits = (bits << 6) | (k < values.Length ? values[k] : 0);
        var bytes = (6 * values.Length + 7) / 8;
        for (var k = 0; k < bytes; k++) output[o++] = (byte)(bits >> (16 - 8 * k));
    }

    /// <summary>
    /// Leaves EDIFACT with <paramref name="pending"/> values of an unfinished quadruplet. A reader
    /// takes a quadruplet as EDIFACT only with three or more codewords left, so a short one (one or
    /// two codewords) at the very end is written as ASCII instead: the pending value, if any, is an
    /// EDIFACT byte and one ASCII codeword.
    /// </summary>
    private static void EdifactReturn(Span<byte> values, int pending, int capacity, Span<byte> output, ref int o)
    {
        if (pending <= 1 && capacity - o <= 2)
        {
            if (pending == 1) output[o++] = (byte)(CharacterSets.EdifactByte(values[0]) + 1);
            return;
        }
        values[pending++] = CharacterSets.EdifactUnlatch;
        WriteEdifact(values[..pending], output, ref o);
    }

    private static void WriteAsciiRun(ReadOnlySpan<byte> run, Span<byte> output, ref int o)
    {
        for (var i = 0; i < run.Length;)
        {
            if (i + 1 < run.Length && IsDigit(run[i]) && IsDigit(run[i + 1]))
            {
                output[o++] = (byte)(Encodation.DigitPairBase + (run[i] - '0') * 10 + (run[i + 1] - '0'));
                i += 2;
            }
            else
            {
                Encodation.WriteAscii(run[i], output, ref o);
                i++;
            }
        }
    }
}
