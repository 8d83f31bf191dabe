using System.Buffers;
using System.Runtime.Intrinsics;
using Ibis.Barcodes.Imaging;

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
            // Rows are taken in pairs; a last odd row or column pairs with itself. Cells of a block go
            // to four interleaved histograms, so flat paper does not wait on one counter.
            var cellsPerRow = (w + 1) >> 1;
            var cells = ArrayPool<byte>.Shared.Rent(cellsPerRow);
            Span<int> partial = stackalloc int[4 * 256];
            partial.Clear();
            try
            {
                for (var y = 0; y < h; y += 2)
                {
                    var r0 = gray.Slice(y * w, w);
                    var r1 = y + 1 < h ? gray.Slice((y + 1) * w, w) : r0;
                    var cellRow = cells.AsSpan(0, cellsPerRow);
                    HalfScale.PairRows(r0, r1, cellRow);
                    var blockRow = (y >> BlockShift) * bx;
                    for (var b = 0; b < bx; b++)
                    {
                        var c0 = b << (BlockShift - 1);
                        var c1 = Math.Min(cellsPerRow, c0 + BlockSize / 2);
                        int lo = mins[blockRow + b], hi = maxs[blockRow + b];
                        for (var c = c0; c < c1; c++)
                        {
                            int cell = cellRow[c];
                            partial[((c & 3) << 8) + cell]++;
                            if (cell < lo) lo = cell;
                            if (cell > hi) hi = cell;
                        }
                        mins[blockRow + b] = (byte)lo;
                        maxs[blockRow + b] = (byte)hi;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(cells);
            }
            for (var v = 0; v < 256; v++) histogram[v] = partial[v] + partial[256 + v] + partial[512 + v] + partial[768 + v];

            var contrast = Otsu.Split(histogram).Contrast;
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
            var rowThreshold = ArrayPool<byte>.Shared.Rent(w);
            try
            {
                for (var y = 0; y < h; y++)
                {
                    if ((y & (BlockSize - 1)) == 0)
                    {
                        // One threshold per pixel column for the next eight rows, so the compare vectorizes.
                        var tRow = thresholds.AsSpan((y >> BlockShift) * bx, bx);
                        for (var xb = 0; xb < bx; xb++)
                        {
                            var x0 = xb << BlockShift;
                            rowThreshold.AsSpan(x0, Math.Min(w, x0 + BlockSize) - x0).Fill(tRow[xb]);
                        }
                    }
                    LessThan(gray.Slice(y * w, w), rowThreshold.AsSpan(0, w), bits.AsSpan(y * w, w));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rowThreshold);
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

    /// <summary>result[i] = 1 where values[i] &lt; limits[i], else 0.</summary>
    private static void LessThan(ReadOnlySpan<byte> values, ReadOnlySpan<byte> limits, Span<byte> result)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var one = Vector128.Create((byte)1);
            for (; i + Vector128<byte>.Count <= values.Length; i += Vector128<byte>.Count)
            {
                var lt = Vector128.LessThan(Vector128.Create(values.Slice(i, Vector128<byte>.Count)), Vector128.Create(limits.Slice(i, Vector128<byte>.Count)));
                (lt & one).CopyTo(result[i..]);
            }
        }
        for (; i < values.Length; i++) result[i] = values[i] < limits[i] ? (byte)1 : (byte)0;
    }

    public void Dispose()
    {
        if (_bits is not null) ArrayPool<byte>.Shared.Return(_bits);
        if (_thresholds is not null) ArrayPool<byte>.Shared.Return(_thresholds);
        _bits = null;
        _thresholds = null;
    }
}
