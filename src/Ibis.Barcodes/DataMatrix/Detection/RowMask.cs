using System.Numerics;
using System.Runtime.Intrinsics;

namespace Ibis.Barcodes.DataMatrix.Detection;

/// <summary>
/// One image row as a bit mask of dark pixels (gray below a threshold), built 16 pixels per compare,
/// and its dark runs found a word at a time: a scan for long runs then costs per run, not per pixel.
/// </summary>
internal static class RowMask
{
    /// <summary>Words needed for a row of <paramref name="width"/> pixels.</summary>
    public static int Words(int width) => (width + 63) >> 6;

    /// <summary>Sets bit x of <paramref name="mask"/> where row[x] &lt; threshold; bits past the row stay clear.</summary>
    public static void Build(ReadOnlySpan<byte> row, byte threshold, Span<ulong> mask)
    {
        mask[..Words(row.Length)].Clear();
        var x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var limit = Vector128.Create(threshold);
            // x is a multiple of 16, so each chunk's 16 bits stay inside one word.
            for (; x + 16 <= row.Length; x += 16)
            {
                ulong dark = Vector128.ExtractMostSignificantBits(Vector128.LessThan(Vector128.Create(row.Slice(x, 16)), limit));
                mask[x >> 6] |= dark << (x & 63);
            }
        }
        for (; x < row.Length; x++)
            if (row[x] < threshold) mask[x >> 6] |= 1UL << (x & 63);
    }

    /// <summary>The first dark pixel at or after <paramref name="from"/>, or -1.</summary>
    public static int NextDark(ReadOnlySpan<ulong> mask, int from, int width)
    {
        if (from >= width) return -1;
        var w = from >> 6;
        var word = mask[w] & (ulong.MaxValue << (from & 63));
        while (word == 0)
        {
            if (++w >= Words(width)) return -1;
            word = mask[w];
        }
        return (w << 6) + BitOperations.TrailingZeroCount(word);
    }

    /// <summary>The first light pixel at or after <paramref name="from"/>, or <paramref name="width"/>.</summary>
    public static int NextLight(ReadOnlySpan<ulong> mask, int from, int width)
    {
        if (from >= width) return width;
        var w = from >> 6;
        var word = ~mask[w] & (ulong.MaxValue << (from & 63));
        while (word == 0)
        {
            if (++w >= Words(width)) return width;
            word = ~mask[w];
        }
        return Math.Min(width, (w << 6) + BitOperations.TrailingZeroCount(word));
    }
}
