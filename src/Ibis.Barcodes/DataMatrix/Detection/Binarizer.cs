using System.Buffers;

namespace Ibis.Barcodes.DataMatrix.Detection;

/// <summary>
/// Local (adaptive) thresholding for uneven lighting: the image is cut into 8×8 blocks; each block
/// takes the midpoint between the darkest and lightest 2×2-averaged cell in its 5×5-block
/// neighbourhood as threshold. Neighbourhoods without real contrast (flat paper with sensor noise)
/// are all light, so noise does not turn into specks that glue onto the symbol.
/// </summary>
internal sealed class Binarizer : IDisposable
{
    public const int BlockShift = 3;
    public const int BlockSize = 1 << BlockShift;
    private const int Radius = 2;

    private byte[]? _bits;
    private byte[]? _thresholds;

    private Binarizer(int width, int height)
    {
        Width = width;
        Height = height;
        BlocksX = (width + BlockSize - 1) >> BlockShift;
        BlocksY = (height + BlockSize - 1) >> BlockShift;
        _bits = ArrayPool<byte>.Shared.Rent(width * height);
        _thresholds = ArrayPool<byte>.Shared.Rent(BlocksX * BlocksY);
    }

    public int Width { get; }

    public int Height { get; }

    public int BlocksX { get; }

    public int BlocksY { get; }

    /// <summary>1 for dark pixels, 0 for light, row-major.</summary>
    public ReadOnlySpan<byte> Bits => _bits.AsSpan(0, Width * Height);

    /// <summary>The threshold at pixel (x, y): gray below it is dark.</summary>
    public int ThresholdAt(int x, int y)
    {
        x = Math.Clamp(x, 0, Width - 1) >> BlockShift;
        y = Math.Clamp(y, 0, Height - 1) >> BlockShift;
        return _thresholds![y * BlocksX + x];
    }

    public bool IsDark(int x, int y) => (uint)x < (uint)Width && (uint)y < (uint)Height && _bits![y * Width + x] != 0;

    public static Binarizer Run(ReadOnlySpan<byte> gray, int width, int height)
    {
        var result = new Binarizer(width, height);
        result.Compute(gray);
        return result;
    }

    private void Compute(ReadOnlySpan<byte> gray)
    {
        int w = Width, h = Height, bx = BlocksX, by = BlocksY;
        var blocks = bx * by;
        var mins = ArrayPool<byte>.Shared.Rent(blocks);
        var maxs = ArrayPool<byte>.Shared.Rent(blocks);
        var rowMin = ArrayPool<byte>.Shared.Rent(blocks);
        var rowMax = ArrayPool<byte>.Shared.Rent(blocks);
        try
        {
            mins.AsSpan(0, blocks).Fill(255);
            maxs.AsSpan(0, blocks).Clear();
            Span<int> histogram = stackalloc int[256];
            histogram.Clear();

            // Cell (2×2 mean) extremes per block, and a histogram of cells for the global contrast.
            for (var y = 0; y < h; y += 2)
            {
                var r0 = gray.Slice(y * w, w);
                var r1 = y + 1 < h ? gray.Slice((y + 1) * w, w) : r0;
                var blockRow = (y >> BlockShift) * bx;
                for (var x = 0; x < w; x += 2)
                {
                    var x1 = x + 1 < w ? x + 1 : x;
                    var cell = (byte)((r0[x] + r0[x1] + r1[x] + r1[x1] + 2) >> 2);
                    histogram[cell]++;
                    var b = blockRow + (x >> BlockShift);
                    if (cell < mins[b]) mins[b] = cell;
                    if (cell > maxs[b]) maxs[b] = cell;
                }
            }

            var contrast = OtsuContrast(histogram);
            var minRange = Math.Max(16, (int)(0.3 * contrast));

            // Separable min/max over the 5×5-block neighbourhood.
            for (var yb = 0; yb < by; yb++)
            {
                for (var xb = 0; xb < bx; xb++)
                {
                    byte lo = 255, hi = 0;
                    for (int k = Math.Max(0, xb - Radius), end = Math.Min(bx - 1, xb + Radius); k <= end; k++)
                    {
                        var i = yb * bx + k;
                        if (mins[i] < lo) lo = mins[i];
                        if (maxs[i] > hi) hi = maxs[i];
                    }
                    rowMin[yb * bx + xb] = lo;
                    rowMax[yb * bx + xb] = hi;
                }
            }
            var thresholds = _thresholds!;
            for (var yb = 0; yb < by; yb++)
            {
                for (var xb = 0; xb < bx; xb++)
                {
                    byte lo = 255, hi = 0;
                    for (int k = Math.Max(0, yb - Radius), end = Math.Min(by - 1, yb + Radius); k <= end; k++)
                    {
                        var i = k * bx + xb;
                        if (rowMin[i] < lo) lo = rowMin[i];
                        if (rowMax[i] > hi) hi = rowMax[i];
                    }
                    thresholds[yb * bx + xb] = hi - lo < minRange ? (byte)0 : (byte)((lo + hi + 1) >> 1);
                }
            }

            var bits = _bits!;
            for (var y = 0; y < h; y++)
            {
                var row = gray.Slice(y * w, w);
                var outRow = bits.AsSpan(y * w, w);
                var tRow = thresholds.AsSpan((y >> BlockShift) * bx, bx);
                for (var xb = 0; xb < bx; xb++)
                {
                    var t = tRow[xb];
                    var x0 = xb << BlockShift;
                    var x1 = Math.Min(w, x0 + BlockSize);
                    for (var x = x0; x < x1; x++) outRow[x] = row[x] < t ? (byte)1 : (byte)0;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(mins);
            ArrayPool<byte>.Shared.Return(maxs);
            ArrayPool<byte>.Shared.Return(rowMin);
            ArrayPool<byte>.Shared.Return(rowMax);
        }
    }

    /// <summary>Distance between the class means that Otsu's split of the histogram gives.</summary>
    private static double OtsuContrast(ReadOnlySpan<int> histogram)
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
                contrast = meanAbove - meanBelow;
            }
        }
        return contrast;
    }

    public void Dispose()
    {
        if (_bits is not null) ArrayPool<byte>.Shared.Return(_bits);
        if (_thresholds is not null) ArrayPool<byte>.Shared.Return(_thresholds);
        _bits = null;
        _thresholds = null;
    }
}
