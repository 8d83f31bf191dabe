using System.Buffers;
using Ibis.Barcodes.Imaging;

namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Reads an ECC200 symbol from a grayscale image. A fast path reads axis-aligned symbols as our own
/// renderers print them (finds the solid L finder on a global threshold, measures the module pitch
/// against the timing pattern, samples module centres); when that finds nothing, a general detector
/// (<see cref="Detection.SymbolLocator"/>) looks for the symbol at any rotation and in either
/// mirroring, under a local threshold that copes with uneven lighting, noise and blur. Both undo the
/// placement and interleaving, correct errors with Reed–Solomon and decode the data codewords; bytes
/// come back only when the codewords are consistent. Hostile input gives a failure result, never an
/// exception, and the work per image is bounded (linear in its size, with caps).
/// </summary>
public static class DataMatrixReader
{

    // Smallest symbol side (8 modules) at the smallest supported module size (2 px).
    private const int MinEdgePixels = 16;
    private const double MinModulePixels = 1.5;

    // Rows up to this wide keep their dark-pixel mask on the stack.
    private const int MaxStackRowPixels = 1 << 15;

    // Below this side a half-size copy would hold too few pixels per module to be worth a pass.
    private const int MinHalfScaleSide = 64;

    // Bounds on the work spent on an adversarial image full of L-like shapes.
    private const int MaxTimingChecks = 20_000;
    private const int MaxDecodeAttempts = 48;

    // A located symbol must match at least this share of its finder and timing modules.
    private const double MinPatternScore = 0.85;

    /// <summary>Reads <paramref name="image"/>; see <see cref="Read(ReadOnlySpan{byte}, int, int)"/>.</summary>
    public static DataMatrixReadResult Read(GrayImage image)
    {
        if (image is null) return DataMatrixReadResult.Fail("No image.");
        return Read(image.Pixels, image.Width, image.Height);
    }

    /// <summary>
    /// Finds and decodes the first readable Data Matrix symbol in a grayscale raster.
    /// </summary>
    /// <param name="gray">Pixels, row-major, 0 = black and 255 = white; at least width × height bytes.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static DataMatrixReadResult Read(ReadOnlySpan<byte> gray, int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height > gray.Length)
            return DataMatrixReadResult.Fail($"The buffer of {gray.Length} bytes does not hold a {width}x{height} image.");
        if ((long)width * height > int.MaxValue / 2)
            return DataMatrixReadResult.Fail("The image is too large.");
        if (width < MinEdgePixels || height < MinEdgePixels)
            return DataMatrixReadResult.Fail("The image is smaller than the smallest symbol.");

        gray = gray[..(width * height)];
        // A half-size copy (2×2 means) serves the global threshold and the general detector's first,
        // cheaper pass; small images, where it would lose the smallest modules, go without.
        byte[]? halfPixels = null;
        var halfSize = width >= MinHalfScaleSide && height >= MinHalfScaleSide ? (width / 2) * (height / 2) : 0;
        try
        {
            ReadOnlySpan<byte> half = default;
            if (halfSize > 0)
            {
                halfPixels = ArrayPool<byte>.Shared.Rent(halfSize);
                Detection.HalfScale.Run(gray, width, height, halfPixels);
                half = halfPixels.AsSpan(0, halfSize);
            }
            return Read(gray, width, height, half);
        }
        finally
        {
            if (halfPixels is not null) ArrayPool<byte>.Shared.Return(halfPixels);
        }
    }

    /// <summary>Reads every symbol in <paramref name="image"/>; see <see cref="ReadAll(ReadOnlySpan{byte}, int, int)"/>.</summary>
    public static IReadOnlyList<DataMatrixReadResult> ReadAll(GrayImage image)
    {
        if (image is null) return [];
        return ReadAll(image.Pixels, image.Width, image.Height);
    }

    /// <summary>
    /// Finds and decodes every readable Data Matrix symbol in a grayscale raster — a scanned page of
    /// several mail pieces, with other print around them — in reading order (top to bottom, then left
    /// to right by symbol centre). Only successful reads are returned, each with its
    /// <see cref="DataMatrixReadResult.Corners"/>; two symbols with the same bytes at different places
    /// (a copied indicium) are both returned. An empty list means nothing was read; hostile input never
    /// throws and the work stays bounded (linear in the image, with caps on candidates and decodes).
    /// </summary>
    /// <param name="gray">Pixels, row-major, 0 = black and 255 = white; at least width × height bytes.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static IReadOnlyList<DataMatrixReadResult> ReadAll(ReadOnlySpan<byte> gray, int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height > gray.Length) return [];
        if ((long)width * height > int.MaxValue / 2) return [];
        if (width < MinEdgePixels || height < MinEdgePixels) return [];
        gray = gray[..(width * height)];

        var found = new List<DataMatrixReadResult>();
        byte[]? halfPixels = null;
        var halfSize = width >= MinHalfScaleSide && height >= MinHalfScaleSide ? (width / 2) * (height / 2) : 0;
        try
        {
            ReadOnlySpan<byte> half = default;
            if (halfSize > 0)
            {
                halfPixels = ArrayPool<byte>.Shared.Rent(halfSize);
                Detection.HalfScale.Run(gray, width, height, halfPixels);
                half = halfPixels.AsSpan(0, halfSize);
            }
            Detection.SymbolLocator.ReadAll(gray, width, height, half, found);
            // The fast path reads an upright symbol that text touches (one component with it, so the
            // general detector cannot outline it); it stops at its first symbol, so it adds at most one.
            var threshold = Otsu.Threshold(half.IsEmpty ? gray : half);
            if (threshold >= 0)
            {
                var aligned = new Scanner(gray, width, height, (byte)threshold, quick: true).Run();
                if (aligned.Success && !Detection.SymbolLocator.Inside(found, Detection.SymbolLocator.Centre(aligned.Corners)))
                    found.Add(aligned);
            }
        }
        finally
        {
            if (halfPixels is not null) ArrayPool<byte>.Shared.Return(halfPixels);
        }
        return ReadingOrder(found);
    }

    /// <summary>
    /// Rows of symbols top to bottom (a symbol whose centre lies within half a symbol height of the
    /// row's first joins that row), each row left to right.
    /// </summary>
    private static List<DataMatrixReadResult> ReadingOrder(List<DataMatrixReadResult> found)
    {
        var byY = found.Select(r => (Result: r, Centre: Detection.SymbolLocator.Centre(r.Corners)))
            .OrderBy(c => c.Centre.Y).ThenBy(c => c.Centre.X).ToList();
        var ordered = new List<DataMatrixReadResult>(found.Count);
        for (var i = 0; i < byY.Count;)
        {
            var band = byY[i].Result.ModuleSize * byY[i].Result.SymbolSize.Height / 2;
            var j = i + 1;
            while (j < byY.Count && byY[j].Centre.Y - byY[i].Centre.Y <= band) j++;
            ordered.AddRange(byY.Skip(i).Take(j - i).OrderBy(c => c.Centre.X).Select(c => c.Result));
            i = j;
        }
        return ordered;
    }

    private static DataMatrixReadResult Read(ReadOnlySpan<byte> gray, int width, int height, ReadOnlySpan<byte> half)
    {
        var threshold = Otsu.Threshold(half.IsEmpty ? gray : half);
        if (threshold < 0) return DataMatrixReadResult.Fail("The image has no contrast.");

        // The fast path first, on a small budget: our own prints are found on their first long run.
        var scan = new Scanner(gray, width, height, (byte)threshold, quick: true);
        var aligned = scan.Run();
        if (aligned.Success) return aligned;
        var general = Detection.SymbolLocator.Read(gray, width, height, half);
        if (general.Success) return general;
        if (scan.LimitReached)
        {
            // A busy axis-aligned label (text touching the symbol) can need the fast path's full budget.
            scan = new Scanner(gray, width, height, (byte)threshold, quick: false);
            aligned = scan.Run();
            if (aligned.Success) return aligned;
        }
        // Report the failure that got furthest: one that located a symbol says more.
        return general.SymbolSize != default || aligned.SymbolSize == default ? general : aligned;
    }

    private ref struct Scanner
    {
        private readonly ReadOnlySpan<byte> _gray;
        private readonly int _width;
        private readonly int _height;
        private readonly byte _threshold;
        private int _timingChecks;
        private long _budget;
        private int _decodeAttempts;
        private readonly int _maxTimingChecks;
        private readonly int _maxDecodeAttempts;
        private readonly bool _quick;
        private DataMatrixReadResult? _bestFailure;

        public Scanner(ReadOnlySpan<byte> gray, int width, int height, byte threshold, bool quick)
        {
            _gray = gray;
            _width = width;
            _height = height;
            _threshold = threshold;
            // Pixel visits allowed beyond the row scan itself: linear in the image, so that no
            // arrangement of L-like shapes can make the search quadratic.
            _budget = quick ? width * (long)height / 2 + 50_000 : 16L * width * height + 1_000_000;
            _maxTimingChecks = quick ? MaxTimingChecks / 20 : MaxTimingChecks;
            _maxDecodeAttempts = quick ? 4 : MaxDecodeAttempts;
            _quick = quick;
        }

        /// <summary>True when the last <see cref="Run"/> stopped on its work limits rather than at the image end.</summary>
        public bool LimitReached { get; private set; }

        private readonly bool Dark(int x, int y) =>
            (uint)x < (uint)_width && (uint)y < (uint)_height && _gray[y * _width + x] < _threshold;

        public DataMatrixReadResult Run()
        {
            // The bottom edge of the L is a long dark run with light below it; scan every row for one.
            // Runs come from a dark-pixel bit mask of the row, so light stretches cost nothing per pixel.
            Span<ulong> mask = _width <= MaxStackRowPixels ? stackalloc ulong[Detection.RowMask.Words(_width)] : new ulong[Detection.RowMask.Words(_width)];
            for (var y = _height - 1; y >= 0; y--)
            {
                Detection.RowMask.Build(_gray.Slice(y * _width, _width), _threshold, mask);
                var x = 0;
                while (true)
                {
                    var start = Detection.RowMask.NextDark(mask, x, _width);
                    if (start < 0) break;
                    x = Detection.RowMask.NextLight(mask, start + 1, _width);
                    if (x - start < MinEdgePixels) continue;
                    var result = TryBottomEdge(start, x - 1, y);
                    if (result is not null) return result;
                    if (_timingChecks >= _maxTimingChecks || _decodeAttempts >= _maxDecodeAttempts || _budget <= 0)
                    {
                        LimitReached = true;
                        return _bestFailure ?? DataMatrixReadResult.Fail("No Data Matrix symbol found (search limit reached).");
                    }
                }
            }
            return _bestFailure ?? DataMatrixReadResult.Fail("No Data Matrix finder pattern found.");
        }

        /// <summary>Tests the run [x0, x1] on row y as the bottom row of a symbol; a result only on success.</summary>
        private DataMatrixReadResult? TryBottomEdge(int x0, int x1, int y)
        {
            var runWidth = x1 - x0 + 1;
            // Light below (quiet zone) over most of the run.
            _budget -= runWidth;
            if (y + 1 < _height && DarkShare(x0, x1, y + 1) > 0.25) return null;

            // The left edge of the L rises from the run's left end; measure one pixel in to skip blur.
            var xc = x0 + 1;
            var top = y;
            var highest = Math.Max(0, y - 4 * runWidth);
            while (top > highest && Dark(xc, top - 1)) top--;
            _budget -= y - top + 1;
            var runHeight = y - top + 1;
            if (runHeight < 8 * MinModulePixels) return null;
            if (runWidth > 4 * runHeight) return null;
            if (_quick && !TimingAboveRightEnd(x1, y, runHeight))
            {
                // Not the corner an upright symbol has; a symbol that is there after all is left to the
                // full scan, which this makes run if the general detector finds nothing.
                LimitReached = true;
                return null;
            }

            // Try every size whose aspect fits; keep the one whose finder and timing match best.
            // Where something dark touches the symbol from above, the left edge runs on past the
            // top; then the height follows from the width instead.
            SymbolInfo? best = null;
            var bestScore = 0.0;
            var bestTop = top;
            foreach (var s in SymbolInfo.Readable)
            {
                var mw = (double)runWidth / s.Columns;
                if (mw < MinModulePixels) continue;
                var squareTop = y + 1 - (int)Math.Round(s.Rows * mw);
                for (var variant = 0; variant < 2; variant++)
                {
                    var symbolTop = variant == 0 ? top : squareTop;
                    if (variant == 1 && squareTop <= top + mw / 2) break;
                    var mh = (double)(y + 1 - symbolTop) / s.Rows;
                    if (Math.Abs(mw - mh) > 0.2 * Math.Max(mw, mh) + 0.5) continue;
                    if (++_timingChecks > _maxTimingChecks) break;
                    _budget -= 2 * (s.Rows + s.Columns);
                    var score = PatternScore(s, x0, symbolTop, mw, mh);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = s;
                        bestTop = symbolTop;
                    }
                }
            }
            if (best is null || bestScore < MinPatternScore) return null;
            var height = y + 1 - bestTop;
            if (x0 > 0 && ColumnDarkShare(x0 - 1, bestTop, y) > 0.25) return null;

            _decodeAttempts++;
            _budget -= best.Rows * best.Columns;
            var result = DecodeAt(best, x0, bestTop, (double)runWidth / best.Columns, (double)height / best.Rows);
            if (result.Success) return result;
            _bestFailure ??= result;
            return null;
        }

        /// <summary>
        /// The right edge of an upright symbol is its timing pattern: above the dark bottom-right module
        /// comes a light one, so the dark column rising from the run's right end stops within a quarter
        /// of the height (at least eight rows of modules, blur included). Runs across a turned symbol's
        /// data rarely pass, which spares the quick scan its per-size pattern checks on them.
        /// </summary>
        private readonly bool TimingAboveRightEnd(int x1, int y, int runHeight)
        {
            var x = Math.Max(0, x1 - 1);
            var lowest = Math.Max(0, y - runHeight / 4 - 1);
            var k = y;
            while (k > lowest && Dark(x, k - 1)) k--;
            return k > lowest;
        }

        private readonly double DarkShare(int x0, int x1, int y)
        {
            var dark = 0;
            for (var x = x0; x <= x1; x++) if (Dark(x, y)) dark++;
            return (double)dark / (x1 - x0 + 1);
        }

        private readonly double ColumnDarkShare(int x, int y0, int y1)
        {
            var dark = 0;
            for (var y = y0; y <= y1; y++) if (Dark(x, y)) dark++;
            return (double)dark / (y1 - y0 + 1);
        }

        private readonly int SampleX(double left, double mw, int column) => (int)(left + (column + 0.5) * mw);

        /// <summary>
        /// Share of the fixed pattern modules (every region's L and timing) that read as expected, or 0
        /// as soon as so many have missed that the share must end below <see cref="MinPatternScore"/>
        /// (such a size is never taken, so stopping early changes no outcome).
        /// </summary>
        private readonly double PatternScore(SymbolInfo s, int left, int top, double mw, double mh)
        {
            var total = s.Columns + s.Rows + 2 * s.Columns * (s.RegionsVertical - 1) + 2 * s.Rows * (s.RegionsHorizontal - 1);
            // One miss of slack over the exact limit keeps rounding from ever cutting off a passing size.
            var hopeless = total - (int)Math.Ceiling(MinPatternScore * total - 1e-9) + 1;
            var misses = 0;
            // Timing across the top and down the right edge: alternating, continuous over all regions.
            var yTop = (int)(top + 0.5 * mh);
            for (var c = 0; c < s.Columns; c++)
                if (Dark(SampleX(left, mw, c), yTop) != ((c & 1) == 0) && ++misses > hopeless) return 0;
            var xRight = SampleX(left, mw, s.Columns - 1);
            for (var r = 0; r < s.Rows; r++)
                if (Dark(xRight, (int)(top + (r + 0.5) * mh)) != ((r & 1) == 1) && ++misses > hopeless) return 0;
            // The inner region borders, where there are several regions per side.
            for (var ry = 1; ry < s.RegionsVertical; ry++)
            {
                var rowBottom = ry * (s.RegionRows + 2) - 1;
                var rowTop = rowBottom + 1;
                var yb = (int)(top + (rowBottom + 0.5) * mh);
                var yt = (int)(top + (rowTop + 0.5) * mh);
                for (var c = 0; c < s.Columns; c++)
                {
                    var x = SampleX(left, mw, c);
                    if (!Dark(x, yb)) misses++;
                    if (Dark(x, yt) != ((c & 1) == 0)) misses++;
                    if (misses > hopeless) return 0;
                }
            }
            for (var rx = 1; rx < s.RegionsHorizontal; rx++)
            {
                var colRight = rx * (s.RegionColumns + 2) - 1;
                var xr = SampleX(left, mw, colRight);
                var xl = SampleX(left, mw, colRight + 1);
                for (var r = 0; r < s.Rows; r++)
                {
                    var y = (int)(top + (r + 0.5) * mh);
                    if (Dark(xr, y) != ((r & 1) == 1)) misses++;
                    if (!Dark(xl, y)) misses++;
                    if (misses > hopeless) return 0;
                }
            }
            return (double)(total - misses) / total;
        }

        /// <summary>Samples the located symbol and decodes it.</summary>
        private readonly DataMatrixReadResult DecodeAt(SymbolInfo s, int left, int top, double mw, double mh)
        {
            var size = (s.Columns, s.Rows);
            var radius = Math.Max(0, (int)(Math.Min(mw, mh) / 4));

            // A local threshold halfway between the finder's dark and the timing pattern's light modules.
            double darkSum = 0, lightSum = 0;
            int darkCount = 0, lightCount = 0;
            for (var c = 0; c < s.Columns; c++)
            {
                darkSum += Sample(left, top, mw, mh, c, s.Rows - 1, radius);
                darkCount++;
                if ((c & 1) == 1)
                {
                    lightSum += Sample(left, top, mw, mh, c, 0, radius);
                    lightCount++;
                }
            }
            var local = (darkSum / darkCount + lightSum / lightCount) / 2;
            if (lightSum / lightCount - darkSum / darkCount < 20)
                return DataMatrixReadResult.Fail("Too little contrast between the finder and timing patterns.", size);

            var mappingRows = s.MappingRows;
            var mappingColumns = s.MappingColumns;
            Span<byte> codewords = stackalloc byte[SymbolInfo.MaxTotalCodewords];
            codewords = codewords[..s.TotalCodewords];
            codewords.Clear();
            var placement = s.Placement;
            for (var r = 0; r < mappingRows; r++)
            {
                var my = r / s.RegionRows * (s.RegionRows + 2) + 1 + r % s.RegionRows;
                for (var c = 0; c < mappingColumns; c++)
                {
                    var p = placement[r * mappingColumns + c];
                    if (p < 0) continue;
                    var mx = c / s.RegionColumns * (s.RegionColumns + 2) + 1 + c % s.RegionColumns;
                    if (Sample(left, top, mw, mh, mx, my, radius) < local)
                        codewords[p >> 3] |= (byte)(1 << (p & 7));
                }
            }
            var result = SymbolDecoder.Decode(s, codewords);
            return result.WithLocation(
                [
                    new ImagePoint(left, top), new ImagePoint(left + s.Columns * mw, top),
                    new ImagePoint(left + s.Columns * mw, top + s.Rows * mh), new ImagePoint(left, top + s.Rows * mh),
                ],
                (mw + mh) / 2,
                s);
        }

        /// <summary>Mean gray of a (2·radius+1)² window at the centre of module (column, row).</summary>
        private readonly double Sample(int left, int top, double mw, double mh, int column, int row, int radius)
        {
            var cx = (int)(left + (column + 0.5) * mw);
            var cy = (int)(top + (row + 0.5) * mh);
            int sum = 0, n = 0;
            for (var y = cy - radius; y <= cy + radius; y++)
            {
                if ((uint)y >= (uint)_height) continue;
                for (var x = cx - radius; x <= cx + radius; x++)
                {
                    if ((uint)x >= (uint)_width) continue;
                    sum += _gray[y * _width + x];
                    n++;
                }
            }
            return n == 0 ? 255 : (double)sum / n;
        }
    }
}
