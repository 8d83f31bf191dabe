namespace Ibis.Barcodes.Imaging;

/// <summary>
/// Otsu's global threshold, shared by the Data Matrix and PDF417 readers: the grey level that best
/// separates ink from paper in the histogram.
/// </summary>
internal static class Otsu
{
    /// <summary>Otsu's threshold (dark is value &lt; threshold), or -1 for a single-valued image.</summary>
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
        Span<long> histogram = stackalloc long[256];
        for (var v = 0; v < 256; v++) histogram[v] = (long)partial[v] + partial[256 + v] + partial[512 + v] + partial[768 + v];
        long total = gray.Length;
        double sumAll = 0;
        for (var i = 0; i < 256; i++) sumAll += (double)i * histogram[i];
        double sumBelow = 0, best = -1;
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
            var between = (double)below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best)
            {
                best = between;
                threshold = t + 1;
            }
        }
        return threshold;
    }
}
