using System.Buffers;

namespace Ibis.Barcodes.DataMatrix.Detection;

/// <summary>
/// Finds symbols at any rotation: binarizes with a local threshold, takes the large dark connected
/// components, fits the minimum-area rectangle to each one's convex hull, straightens its four sides
/// against the pixel edges, then tries every corner as the L-finder corner in both mirrorings and
/// every symbol size whose aspect fits, scoring the finder and timing modules. The best hypotheses
/// are sampled (bilinear, a five-point aperture against the local threshold) and decoded; only
/// Reed–Solomon-consistent codewords that decode cleanly become a result.
/// </summary>
internal sealed class SymbolLocator
{
    private const int MinSidePixels = 14;
    private const int MaxCandidates = 24;
    private const int MaxDecodeAttempts = 24;
    private const int MaxAttemptsPerCandidate = 4;
    private const double MinModulePixels = 1.6;
    private const double MinPerimeterScore = 0.8;
    private const double MinPatternScore = 0.75;

    private readonly Binarizer _bin;
    private readonly int _width;
    private readonly int _height;
    private int _decodeAttempts;
    private int _maxDecodeAttempts = MaxDecodeAttempts;

    private SymbolLocator(Binarizer bin)
    {
        _bin = bin;
        _width = bin.Width;
        _height = bin.Height;
    }

    /// <summary>Best failure seen (a located but unreadable symbol), for the error message.</summary>
    private DataMatrixReadResult? _bestFailure;

    /// <summary>
    /// Searches <paramref name="half"/> (the half-size copy of the image, or empty) first: symbols of
    /// four or more pixels per module are found there at a quarter of the work, and what it reads is
    /// as checked as a full-size read. Anything it misses is searched at full size.
    /// </summary>
    public static DataMatrixReadResult Read(ReadOnlySpan<byte> gray, int width, int height, ReadOnlySpan<byte> half)
    {
        if (!half.IsEmpty)
        {
            var quick = Read(half, width / 2, height / 2);
            if (quick.Success) return quick.Scaled(2);
        }
        return Read(gray, width, height);
    }

    /// <summary>
    /// Every symbol on a page: the half-size copy first, then the full-size image for what that missed
    /// (a component lying inside a symbol already read is not tried again). Work stays bounded: at most
    /// <see cref="MaxPageCandidates"/> components and <see cref="MaxPageDecodeAttempts"/> decodes per pass.
    /// </summary>
    public static void ReadAll(ReadOnlySpan<byte> gray, int width, int height, ReadOnlySpan<byte> half, List<DataMatrixReadResult> found)
    {
        if (!half.IsEmpty) Collect(half, width / 2, height / 2, 2, found);
        Collect(gray, width, height, 1, found);
    }

    // A page of several mail pieces holds many components (letters, bars, artwork) besides its symbols.
    private const int MaxPageCandidates = 400;
    private const int MaxPageDecodeAttempts = 256;

    private static void Collect(ReadOnlySpan<byte> gray, int width, int height, int scale, List<DataMatrixReadResult> found)
    {
        using var bin = Binarizer.Run(gray, width, height);
        using var components = Components.Label(bin.Bits, width, height);
        var locator = new SymbolLocator(bin) { _maxDecodeAttempts = MaxPageDecodeAttempts };
        var candidates = components.Candidates(MinSidePixels, MaxPageCandidates);
        var maxRows = 0;
        foreach (var c in candidates) maxRows = Math.Max(maxRows, c.BoxHeight);
        var points = ArrayPool<ImagePoint>.Shared.Rent(2 * maxRows + 2);
        var hull = ArrayPool<ImagePoint>.Shared.Rent(2 * maxRows + 3);
        try
        {
            foreach (var candidate in candidates)
            {
                var centre = new ImagePoint((candidate.MinX + candidate.MaxX + 1) * 0.5 * scale, (candidate.MinY + candidate.MaxY + 1) * 0.5 * scale);
                if (Inside(found, centre)) continue;
                var n = components.RowExtremes(candidate, points);
                var h = Hull.Convex(points.AsSpan(0, n), hull);
                var result = locator.TryCandidate(gray, candidate, hull.AsSpan(0, h));
                if (result is not null)
                {
                    var scaled = scale == 1 ? result : result.Scaled(scale);
                    if (!Inside(found, Centre(scaled.Corners))) found.Add(scaled);
                }
                if (locator._decodeAttempts >= MaxPageDecodeAttempts) break;
            }
        }
        finally
        {
            ArrayPool<ImagePoint>.Shared.Return(points);
            ArrayPool<ImagePoint>.Shared.Return(hull);
        }
    }

    /// <summary>The mean of a symbol's corners.</summary>
    public static ImagePoint Centre(IReadOnlyList<ImagePoint> corners)
    {
        double x = 0, y = 0;
        foreach (var p in corners)
        {
            x += p.X;
            y += p.Y;
        }
        return corners.Count == 0 ? default : new ImagePoint(x / corners.Count, y / corners.Count);
    }

    /// <summary>True when <paramref name="point"/> lies within (or on) the outline of a symbol already read.</summary>
    public static bool Inside(List<DataMatrixReadResult> found, ImagePoint point)
    {
        foreach (var r in found)
        {
            var c = r.Corners;
            if (c.Count != 4) continue;
            // Inside a convex quadrilateral: on the same side of all four edges (either winding).
            int positive = 0, negative = 0;
            for (var i = 0; i < 4; i++)
            {
                var cross = Hull.Cross(c[i], c[(i + 1) & 3], point);
                if (cross >= 0) positive++;
                if (cross <= 0) negative++;
            }
            if (positive == 4 || negative == 4) return true;
        }
        return false;
    }

    public static DataMatrixReadResult Read(ReadOnlySpan<byte> gray, int width, int height)
    {
        using var bin = Binarizer.Run(gray, width, height);
        using var components = Components.Label(bin.Bits, width, height);
        var locator = new SymbolLocator(bin);
        var candidates = components.Candidates(MinSidePixels, MaxCandidates);
        var maxRows = 0;
        foreach (var c in candidates) maxRows = Math.Max(maxRows, c.BoxHeight);
        var points = ArrayPool<ImagePoint>.Shared.Rent(2 * maxRows + 2);
        var hull = ArrayPool<ImagePoint>.Shared.Rent(2 * maxRows + 3);
        try
        {
            foreach (var candidate in candidates)
            {
                var n = components.RowExtremes(candidate, points);
                var h = Hull.Convex(points.AsSpan(0, n), hull);
                var result = locator.TryCandidate(gray, candidate, hull.AsSpan(0, h));
                if (result is not null) return result;
                if (locator._decodeAttempts >= MaxDecodeAttempts) break;
            }
        }
        finally
        {
            ArrayPool<ImagePoint>.Shared.Return(points);
            ArrayPool<ImagePoint>.Shared.Return(hull);
        }
        if (locator._bestFailure is not null) return locator._bestFailure;
        return DataMatrixReadResult.Fail(components.Complete
            ? "No Data Matrix symbol found."
            : "No Data Matrix symbol found (the image is too busy to search completely).");
    }

    private readonly record struct Hypothesis(double Score, bool Mirrored, int Size, ImagePoint TopLeft, ImagePoint TopRight, ImagePoint BottomRight, ImagePoint BottomLeft);

    private DataMatrixReadResult? TryCandidate(ReadOnlySpan<byte> gray, Components.Candidate candidate, ReadOnlySpan<ImagePoint> hull)
    {
        Span<ImagePoint> rect = stackalloc ImagePoint[4];
        if (!Hull.MinAreaRectangle(hull, rect)) return null;
        var side0 = rect[0].DistanceTo(rect[1]);
        var side1 = rect[1].DistanceTo(rect[2]);
        if (Math.Min(side0, side1) < MinSidePixels - 2) return null;
        var fill = candidate.Pixels / ((side0 + 1) * (side1 + 1));
        if (fill is < 0.15 or > 0.92) return null;

        // Pixel centres → pixel edges: push every side half a pixel out.
        var cx = (rect[0].X + rect[1].X + rect[2].X + rect[3].X) / 4;
        var cy = (rect[0].Y + rect[1].Y + rect[2].Y + rect[3].Y) / 4;
        var centre = new ImagePoint(cx, cy);
        for (var i = 0; i < 4; i++)
        {
            double dx = rect[i].X - cx, dy = rect[i].Y - cy;
            var d = Math.Sqrt(dx * dx + dy * dy);
            if (d > 0) rect[i] = new ImagePoint(rect[i].X + dx / d * 0.7, rect[i].Y + dy / d * 0.7);
        }

        Span<ImagePoint> corners = stackalloc ImagePoint[4];
        Refine(rect, centre, corners);
        // A symbol seen at an angle (perspective, skew) is no rectangle: the box's sides run askew to
        // some of its edges, so the far end of such an edge lies outside the first search window.
        // Searching again along the sides just found brings every edge point into reach.
        Span<ImagePoint> again = stackalloc ImagePoint[4];
        Refine(corners, centre, again);
        again.CopyTo(corners);

        var read = TryCorners(gray, corners, centre);
        if (read is not null || _decodeAttempts >= _maxDecodeAttempts) return read;
        // Print touching the symbol (text beside it, merged by blur or bleeding ink) widens the
        // component, so the box's side lies off the symbol's edge and the short search above finds the
        // other print. Search deep inside instead and keep the line most edge points agree on.
        if (Math.Min(side0, side1) < MinRobustSidePixels) return null;
        Span<ImagePoint> robust = stackalloc ImagePoint[4];
        return RobustRefine(corners, centre, robust) ? TryCorners(gray, robust, centre) : null;
    }

    // Below this the deep search costs more than it finds: text glyphs are smaller.
    private const double MinRobustSidePixels = 40;

    /// <summary>Scores every L corner, mirroring and size on the quadrilateral <paramref name="corners"/> and decodes the best.</summary>
    private DataMatrixReadResult? TryCorners(ReadOnlySpan<byte> gray, ReadOnlySpan<ImagePoint> corners, ImagePoint centre)
    {
        // The two solid sides of the L meet at one corner; when one corner is clearly it, only that
        // corner is worth scoring (both mirrorings), which saves three quarters of the work.
        Span<double> solid = stackalloc double[4];
        for (var i = 0; i < 4; i++) solid[i] = SolidShare(corners[i], corners[(i + 1) & 3], centre);
        var lCorner = -1;
        double best = 0, second = 0;
        for (var i = 0; i < 4; i++)
        {
            // Corner i joins side i-1 and side i.
            var share = Math.Min(solid[(i + 3) & 3], solid[i]);
            if (share > best)
            {
                second = best;
                best = share;
                lCorner = i;
            }
            else if (share > second)
            {
                second = share;
            }
        }
        var onlyCorner = best >= 0.9 && second <= 0.75 ? lCorner : -1;

        var hypotheses = new List<Hypothesis>();
        for (var i = 0; i < 4; i++)
        {
            if (onlyCorner >= 0 && i != onlyCorner) continue;
            var l = corners[i];
            var a = corners[(i + 1) & 3];
            var b = corners[(i + 3) & 3];
            var d = corners[(i + 2) & 3];
            for (var m = 0; m < 2; m++)
            {
                var (br, tl) = m == 0 ? (a, b) : (b, a);
                var mirrored = Hull.Cross(l, br, tl) > 0;
                var bottom = l.DistanceTo(br);
                var left = l.DistanceTo(tl);
                for (var s = 0; s < SymbolInfo.Readable.Count; s++)
                {
                    var symbol = SymbolInfo.Readable[s];
                    var mw = bottom / symbol.Columns;
                    var mh = left / symbol.Rows;
                    if (Math.Min(mw, mh) < MinModulePixels) continue;
                    if (Math.Abs(mw - mh) > 0.2 * Math.Max(mw, mh) + 0.3) continue;
                    var h = new Homography(tl, d, br, l, symbol.Columns, symbol.Rows);
                    var score = PerimeterScore(symbol, h);
                    if (score >= MinPerimeterScore) hypotheses.Add(new Hypothesis(score, mirrored, s, tl, d, br, l));
                }
            }
        }
        if (hypotheses.Count == 0) return null;
        hypotheses.Sort((p, q) => p.Score != q.Score ? q.Score.CompareTo(p.Score) : p.Mirrored.CompareTo(q.Mirrored));

        var attempts = 0;
        foreach (var hyp in hypotheses)
        {
            if (attempts >= MaxAttemptsPerCandidate || _decodeAttempts >= _maxDecodeAttempts) break;
            var symbol = SymbolInfo.Readable[hyp.Size];
            var h = new Homography(hyp.TopLeft, hyp.TopRight, hyp.BottomRight, hyp.BottomLeft, symbol.Columns, symbol.Rows);
            if (symbol.RegionsHorizontal * symbol.RegionsVertical > 1 && InnerPatternScore(symbol, h) < MinPatternScore) continue;
            attempts++;
            _decodeAttempts++;
            var result = Decode(gray, symbol, h);
            if (result.Success)
            {
                var moduleSize = (hyp.BottomLeft.DistanceTo(hyp.BottomRight) / symbol.Columns + hyp.BottomLeft.DistanceTo(hyp.TopLeft) / symbol.Rows) / 2;
                return result.WithLocation([hyp.TopLeft, hyp.TopRight, hyp.BottomRight, hyp.BottomLeft], moduleSize, symbol);
            }
            _bestFailure ??= result;
        }
        return null;
    }

    /// <summary>
    /// Each side of <paramref name="quad"/> replaced by the line that most edge points agree on, the
    /// points found up to 15 % of the side deep inside it (consensus over point pairs, then a least
    /// squares fit to the agreeing points). False when a side has no clear line or a corner moves too far.
    /// </summary>
    private bool RobustRefine(ReadOnlySpan<ImagePoint> quad, ImagePoint centre, Span<ImagePoint> corners)
    {
        Span<Line> lines = stackalloc Line[4];
        Span<ImagePoint> edge = stackalloc ImagePoint[48];
        for (var i = 0; i < 4; i++)
            if (!RobustSide(quad[i], quad[(i + 1) & 3], centre, edge, out lines[i])) return false;
        var minSide = Math.Min(quad[0].DistanceTo(quad[1]), quad[1].DistanceTo(quad[2]));
        for (var i = 0; i < 4; i++)
        {
            if (!Line.TryIntersect(lines[(i + 3) & 3], lines[i], out var p) || p.DistanceTo(quad[i]) > 0.3 * minSide) return false;
            corners[i] = p;
        }
        return true;
    }

    private bool RobustSide(ImagePoint a, ImagePoint b, ImagePoint centre, Span<ImagePoint> edge, out Line line)
    {
        line = default;
        var length = a.DistanceTo(b);
        double dx = (b.X - a.X) / length, dy = (b.Y - a.Y) / length;
        double nx = -dy, ny = dx;
        if (nx * (centre.X - a.X) + ny * (centre.Y - a.Y) > 0)
        {
            nx = -nx;
            ny = -ny;
        }
        var samples = Math.Clamp((int)(length / 3), 8, edge.Length);
        var depth = Math.Max(3, 0.15 * length);
        var count = 0;
        for (var k = 0; k < samples; k++)
        {
            var t = length * (0.04 + 0.92 * (k + 0.5) / samples);
            double px = a.X + dx * t, py = a.Y + dy * t;
            for (var s = 2.0; s >= -depth; s -= 0.5)
            {
                double qx = px + nx * s, qy = py + ny * s;
                if (!_bin.IsDark((int)Math.Floor(qx), (int)Math.Floor(qy))) continue;
                edge[count++] = new ImagePoint(qx + nx * 0.25, qy + ny * 0.25);
                break;
            }
        }
        if (count < 6) return false;
        var points = edge[..count];
        // Pairs a quarter of the side or more apart define candidate lines; the one with most points within a pixel wins.
        int bestCount = 0, bestI = 0, bestJ = 0;
        var gap = Math.Max(2, count / 4);
        for (var i = 0; i < count; i++)
        {
            for (var j = i + gap; j < count; j++)
            {
                var candidate = Line.Through(points[i], points[j]);
                var agree = 0;
                foreach (var p in points) if (Math.Abs(candidate.Distance(p.X, p.Y)) <= 1.0) agree++;
                if (agree > bestCount)
                {
                    bestCount = agree;
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        if (bestCount < Math.Max(5, count * 0.35)) return false;
        var best = Line.Through(points[bestI], points[bestJ]);
        var kept = 0;
        for (var i = 0; i < count; i++)
            if (Math.Abs(best.Distance(points[i].X, points[i].Y)) <= 1.0) points[kept++] = points[i];
        if (!Line.TryFit(points[..kept], out line)) return false;
        // The line must run roughly along the side it replaces.
        return Math.Abs(line.A * -dy + line.B * dx) >= 0.96;
    }

    /// <summary>Replaces each rectangle side by a line fitted to the dark edge found along it; corners where they meet.</summary>
    private void Refine(ReadOnlySpan<ImagePoint> rect, ImagePoint centre, Span<ImagePoint> corners)
    {
        Span<Line> lines = stackalloc Line[4];
        Span<ImagePoint> edge = stackalloc ImagePoint[64];
        for (var i = 0; i < 4; i++)
            lines[i] = RefineSide(rect[i], rect[(i + 1) & 3], centre, edge);
        var minSide = Math.Min(rect[0].DistanceTo(rect[1]), rect[1].DistanceTo(rect[2]));
        for (var i = 0; i < 4; i++)
        {
            if (Line.TryIntersect(lines[(i + 3) & 3], lines[i], out var p) && p.DistanceTo(rect[i]) < 0.15 * minSide)
                corners[i] = p;
            else
                corners[i] = rect[i];
        }
    }

    private Line RefineSide(ImagePoint a, ImagePoint b, ImagePoint centre, Span<ImagePoint> edge)
    {
        var length = a.DistanceTo(b);
        var fallback = Line.Through(a, b);
        if (length < 4) return fallback;
        double dx = (b.X - a.X) / length, dy = (b.Y - a.Y) / length;
        double nx = -dy, ny = dx;
        if (nx * (centre.X - a.X) + ny * (centre.Y - a.Y) > 0)
        {
            nx = -nx;
            ny = -ny;
        }
        var samples = Math.Clamp((int)(length / 2), 6, edge.Length);
        var count = 0;
        for (var k = 0; k < samples; k++)
        {
            var t = length * (0.06 + 0.88 * (k + 0.5) / samples);
            double px = a.X + dx * t, py = a.Y + dy * t;
            for (var s = 3.0; s >= -1.5; s -= 0.5)
            {
                double qx = px + nx * s, qy = py + ny * s;
                if (!_bin.IsDark((int)Math.Floor(qx), (int)Math.Floor(qy))) continue;
                edge[count++] = new ImagePoint(qx + nx * 0.25, qy + ny * 0.25);
                break;
            }
        }
        if (count < 4) return fallback;
        var points = edge[..count];
        if (!Line.TryFit(points, out var line)) return fallback;
        Span<double> residuals = stackalloc double[count];
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < points.Length; i++) residuals[i] = Math.Abs(line.Distance(points[i].X, points[i].Y));
            var sorted = residuals[..points.Length];
            var median = Median(sorted);
            var limit = Math.Max(0.75, 3 * median);
            var kept = 0;
            for (var i = 0; i < points.Length; i++)
                if (Math.Abs(line.Distance(points[i].X, points[i].Y)) <= limit) points[kept++] = points[i];
            if (kept < 4) break;
            points = points[..kept];
            if (!Line.TryFit(points, out line)) return fallback;
        }
        // The fitted line must run roughly along the side it replaces.
        if (Math.Abs(line.A * fallback.A + line.B * fallback.B) < 0.97) return fallback;
        return line;
    }

    /// <summary>
    /// Share of points along the side a→b that are dark just inside it (at one or two pixels' depth,
    /// whichever is darker): near 1 for the solid L, near one half for the timing pattern.
    /// </summary>
    private double SolidShare(ImagePoint a, ImagePoint b, ImagePoint centre)
    {
        var length = a.DistanceTo(b);
        if (length < 4) return 0;
        double dx = (b.X - a.X) / length, dy = (b.Y - a.Y) / length;
        double nx = -dy, ny = dx;
        if (nx * (centre.X - a.X) + ny * (centre.Y - a.Y) < 0)
        {
            nx = -nx;
            ny = -ny;
        }
        const int samples = 32;
        int dark1 = 0, dark2 = 0;
        for (var k = 0; k < samples; k++)
        {
            var t = length * (0.05 + 0.9 * (k + 0.5) / samples);
            double px = a.X + dx * t, py = a.Y + dy * t;
            if (_bin.IsDark((int)Math.Floor(px + nx), (int)Math.Floor(py + ny))) dark1++;
            if (_bin.IsDark((int)Math.Floor(px + 2 * nx), (int)Math.Floor(py + 2 * ny))) dark2++;
        }
        return Math.Max(dark1, dark2) / (double)samples;
    }

    private static double Median(Span<double> values)
    {
        values.Sort();
        return values[values.Length / 2];
    }

    private bool DarkAt(in Homography h, double u, double v)
    {
        var p = h.Map(u, v);
        return _bin.IsDark((int)Math.Floor(p.X), (int)Math.Floor(p.Y));
    }

    /// <summary>Share of the outer L and timing modules that read as they should; stops early once hopeless.</summary>
    private double PerimeterScore(SymbolInfo s, in Homography h)
    {
        int rows = s.Rows, cols = s.Columns;
        var total = 2 * (rows + cols);
        var allowed = total - (int)Math.Ceiling(MinPerimeterScore * total);
        var misses = 0;
        for (var c = 0; c < cols; c++)
        {
            if (!DarkAt(h, c + 0.5, rows - 0.5)) misses++;
            if (DarkAt(h, c + 0.5, 0.5) != ((c & 1) == 0)) misses++;
            if (misses > allowed) return 0;
        }
        for (var r = 0; r < rows; r++)
        {
            if (!DarkAt(h, 0.5, r + 0.5)) misses++;
            if (DarkAt(h, cols - 0.5, r + 0.5) != ((r & 1) == 1)) misses++;
            if (misses > allowed) return 0;
        }
        return 1 - (double)misses / total;
    }

    /// <summary>Share of the inner region borders (solid and alternating) that read as they should.</summary>
    private double InnerPatternScore(SymbolInfo s, in Homography h)
    {
        int match = 0, total = 0;
        for (var ry = 1; ry < s.RegionsVertical; ry++)
        {
            var rowBottom = ry * (s.RegionRows + 2) - 1;
            for (var c = 0; c < s.Columns; c++, total += 2)
            {
                if (DarkAt(h, c + 0.5, rowBottom + 0.5)) match++;
                if (DarkAt(h, c + 0.5, rowBottom + 1.5) == ((c & 1) == 0)) match++;
            }
        }
        for (var rx = 1; rx < s.RegionsHorizontal; rx++)
        {
            var colRight = rx * (s.RegionColumns + 2) - 1;
            for (var r = 0; r < s.Rows; r++, total += 2)
            {
                if (DarkAt(h, colRight + 0.5, r + 0.5) == ((r & 1) == 1)) match++;
                if (DarkAt(h, colRight + 1.5, r + 0.5)) match++;
            }
        }
        return total == 0 ? 1 : (double)match / total;
    }

    private DataMatrixReadResult Decode(ReadOnlySpan<byte> gray, SymbolInfo s, in Homography h)
    {
        var sampler = new ModuleSampler(gray, _width, _height, _bin, h, s);
        Span<byte> codewords = stackalloc byte[SymbolInfo.MaxTotalCodewords];
        codewords = codewords[..s.TotalCodewords];
        codewords.Clear();
        var placement = s.Placement;
        int mappingRows = s.MappingRows, mappingColumns = s.MappingColumns;
        for (var r = 0; r < mappingRows; r++)
        {
            var my = r / s.RegionRows * (s.RegionRows + 2) + 1 + r % s.RegionRows;
            for (var c = 0; c < mappingColumns; c++)
            {
                var p = placement[r * mappingColumns + c];
                if (p < 0) continue;
                var mx = c / s.RegionColumns * (s.RegionColumns + 2) + 1 + c % s.RegionColumns;
                if (sampler.IsDark(mx, my)) codewords[p >> 3] |= (byte)(1 << (p & 7));
            }
        }
        return SymbolDecoder.Decode(s, codewords);
    }
}
