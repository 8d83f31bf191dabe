using System.Numerics;
using System.Runtime.Intrinsics;

namespace Ibis.Barcodes.Imaging;

/// <summary>Where the runs of a binarized row (one byte per pixel, 0 or 1) begin.</summary>
internal static class RowRuns
{
    /// <summary>
    /// Writes 0 and every x where row[x] differs from row[x − 1] to <paramref name="bounds"/> (at least
    /// row.Length + 1 long) and returns how many: run k spans [bounds[k], bounds[k + 1]) once the caller
    /// appends the row end. Sixteen neighbour comparisons at a time; only the changes are visited.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> row, Span<int> bounds)
    {
        var n = 0;
        bounds[n++] = 0;
        var x = 1;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; x + 16 <= row.Length; x += 16)
            {
                var same = Vector128.Equals(Vector128.Create(row.Slice(x, 16)), Vector128.Create(row.Slice(x - 1, 16)));
                var changes = ~Vector128.ExtractMostSignificantBits(same) & 0xFFFF;
                while (changes != 0)
                {
                    bounds[n++] = x + BitOperations.TrailingZeroCount(changes);
                    changes &= changes - 1;
                }
            }
        }
        for (; x < row.Length; x++)
        {
            if (row[x] != row[x - 1]) bounds[n++] = x;
        }
        return n;
    }
}
