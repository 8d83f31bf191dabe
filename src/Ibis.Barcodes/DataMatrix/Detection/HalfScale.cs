using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ibis.Barcodes.DataMatrix.Detection;

/// <summary>
/// A half-size copy of a gray image: each pixel the rounded mean of a 2×2 block (a last odd row or
/// column is dropped). Symbols printed at 4 px/module and more are found and read on it at a quarter
/// of the pixel work; the 2×2 means also give a steadier global threshold than single noisy pixels.
/// </summary>
internal static class HalfScale
{
    /// <summary>Writes the half-size image of <paramref name="gray"/> (width / 2 × height / 2) to <paramref name="half"/>.</summary>
    public static void Run(ReadOnlySpan<byte> gray, int width, int height, Span<byte> half)
    {
        int hw = width / 2, hh = height / 2;
        for (var y = 0; y < hh; y++)
            PairRows(gray.Slice(2 * y * width, width), gray.Slice((2 * y + 1) * width, width), half.Slice(y * hw, hw));
    }

    /// <summary>
    /// cells[c] = the rounded mean of columns 2c and 2c + 1 of both rows; a column past the row end
    /// repeats the last one (so an odd last column pairs with itself).
    /// </summary>
    public static void PairRows(ReadOnlySpan<byte> r0, ReadOnlySpan<byte> r1, Span<byte> cells)
    {
        var mask = Vector128.Create(0xFFFFu);
        var two = Vector128.Create(2u);
        var whole = Math.Min(cells.Length, r0.Length / 2);
        var x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; x + 8 <= whole; x += 8)
            {
                var (aLow, aHigh) = Vector128.Widen(Vector128.Create(r0.Slice(2 * x, 16)));
                var (bLow, bHigh) = Vector128.Widen(Vector128.Create(r1.Slice(2 * x, 16)));
                var low = (aLow + bLow).AsUInt32();
                var high = (aHigh + bHigh).AsUInt32();
                // Column pairs: the even pixel sits in the low half of each 32-bit lane, the odd one in the high half.
                var p0 = Vector128.ShiftRightLogical((low & mask) + Vector128.ShiftRightLogical(low, 16) + two, 2);
                var p1 = Vector128.ShiftRightLogical((high & mask) + Vector128.ShiftRightLogical(high, 16) + two, 2);
                var words = Vector128.Narrow(p0, p1);
                var bytes = Vector128.Narrow(words, words).AsUInt64().ToScalar();
                MemoryMarshal.Write(cells.Slice(x, 8), in bytes);
            }
        }
        var last = r0.Length - 1;
        for (; x < cells.Length; x++)
        {
            int a = 2 * x, b = Math.Min(2 * x + 1, last);
            cells[x] = (byte)((r0[a] + r0[b] + r1[a] + r1[b] + 2) >> 2);
        }
    }
}
