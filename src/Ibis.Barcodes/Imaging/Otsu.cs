namespace Ibis.Barcodes.Imaging;

/// <summary>
/// Otsu's split of a grey-level histogram: the level that best separates ink from paper. Shared by
/// the Data Matrix and PDF417 readers (a global threshold) and the Data Matrix binarizer (the
/// contrast between the two classes).
/// </summary>
internal static class Otsu
{
    /// <summary>Otsu's threshold of an image (dark is value &lt; threshold), or -1 for a single-valued image.</summary>
    public static int Threshold(ReadOnlySpan<byte> gray)
    {
        // Four interleaved histograms: runs of equal pixels (paper) would otherwise wait on one counter.
        Span<int> partial = stackalloc int[4 * 256];
        partial.Clear();
        var i4 = 0;
        for (; i4 + 4 <= gray.Length; i4 += 4)
        {
            partial[gray[i4]]++;
            partial[256 + gray[i4 + 1]]++;
            partial[512 + gray[i4 + 2]]++;
            partial[768 + gray[i4 + 3]]++;
        }
        for (; i4 < gray.Length; i4++) partial[gray[i4]]++;
        Span<int> histogram = stackalloc int[256];
        for (var v = 0; v < 256; v++) histogram[v] = partial[v] + partial[256 + v] + partial[512 + v] + partial[768 + v];
        return Split(histogram).Threshold;
    }

    /// <summary>
    /// The split of a 256-bin histogram that maximises the between-class variance: the threshold
    /// (dark is value &lt; threshold; -1 when the histogram has a single value) and the distance
    /// between the two class means there (0 then).
    /// </summary>
    public static (int Threshold, double Contrast) Split(ReadOnlySpan<int> histogram)
    {
        long total = 0;
        double sumAll = 0;
        for (var i = 0; i < 256; i++)
        {
            total += histogram[i];
            sumAll += (double)i * histogram[i];
        }
        double sumBelow = 0, best = -1, contrast = 0;
        long below = 0;
        var threshold = -1;
        for (var t = 0; t < 255; t++)
        {
            below += histogram[t];
            sumBelow += (double)t * histogram[t];
            if (below == 0) continue;
            var above = total - below;
            if (above == 0) break;
            var meanBelow = sumBelow / below;
            var meanAbove = (sumAll - sumBelow) / above;
            var between = (double)below * above * (meanAbove - meanBelow) * (meanAbove - meanBelow);
            if (between > best)
            {
                best = between;
                threshold = t + 1;
                contrast = meanAbove - meanBelow;
            }
        }
        return (threshold, contrast);
    }
}
