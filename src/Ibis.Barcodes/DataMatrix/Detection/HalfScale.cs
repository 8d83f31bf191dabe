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
        var mask = Vector128.Create(0xFFFFu);
        var two = Vector128.Create(2u);
        for (var y = 0; y < hh; y++)
        {
            var r0 = gray.Slice(2 * y * width, width);
            var r1 = gray.Slice((2 * y + 1) * width, width);
            var dst = half.Slice(y * hw, hw);
            var x = 0;
            if (Vector128.IsHardwareAccelerated)
            {
                for (; x + 8 <= hw; x += 8)
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
                    MemoryMarshal.Write(dst.Slice(x, 8), in bytes);
                }
            }
            for (; x < hw; x++)
                dst[x] = (byte)((r0[2 * x] + r0[2 * x + 1] + r1[2 * x] + r1[2 * x + 1] + 2) >> 2);
        }
    }
}
