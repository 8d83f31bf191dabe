using System.Runtime.Intrinsics;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.DataMatrix.Detection;
using Ibis.Barcodes.Imaging;

namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// Reads a PDF417 symbol from a grayscale image: finds the start and stop patterns on the scan lines,
/// samples every codeword along each line, places it by its row indicator and cluster, and repairs the
/// result with Reed–Solomon error correction over GF(929). Upright, upside-down and quarter-turned
/// symbols are found; lines crossing a slightly skewed symbol are sorted into rows by codeword cluster,
/// and a symbol photographed at an angle (rows converging, modules narrowing across it) is sampled
/// upright from the quadrilateral its start and stop patterns outline, then read again.
/// </summary>
public static class Pdf417Reader
{
    private const long MaxPixels = 64L * 1024 * 1024;
    private const int MaxHits = 50_000;
    private const long MaxTurnedPixels = 16L * 1024 * 1024;

    private static ReadOnlySpan<byte> StartWidths => [8, 1, 1, 1, 1, 1, 1, 3];

    private static ReadOnlySpan<byte> StopWidths => [7, 1, 1, 3, 1, 1, 1, 2, 1];

    /// <summary>Reads the symbol in <paramref name="image"/>.</summary>
    public static Pdf417ReadResult Read(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Read(image.Pixels, image.Width, image.Height);
    }

    /// <summary>
    /// Reads the symbol in a row-major 8-bit grayscale raster (0 = black). Never throws on image content;
    /// a missing, damaged beyond repair or malformed symbol gives a failed result.
    /// </summary>
    public static Pdf417ReadResult Read(ReadOnlySpan<byte> gray, int width, int height)
    {
        if (width <= 0 || height <= 0) return Pdf417ReadResult.Fail("The image is empty.");
        if ((long)width * height > MaxPixels) return Pdf417ReadResult.Fail("The image is too large.");
        if (gray.Length < width * height) return Pdf417ReadResult.Fail("The pixel buffer is smaller than width × height.");

        gray = gray[..(width * height)];
        // Upright symbols, the common case of printed labels, are read before anything else is spent.
        // Then the direction of the bars decides: a symbol (nearly) square to the image axes is scanned
        // on the global threshold in the quarter turns that make its bars upright; any other rotation,
        // and anything those scans miss, is turned upright and thresholded locally.
        var dark = Binarize(gray, width, height);
        var first = new Scanner(dark, width, height).Decode();
        if (first.Success) return first;
        var oriented = BarAlignment.TryEstimate(gray, width, height, out var normal);
        var degrees = normal * 180 / Math.PI;
        var offAxis = Math.Min(Math.Abs(degrees), Math.Min(Math.Abs(degrees - 90), Math.Abs(degrees - 180)));
        if (!oriented || offAxis < 2)
        {
            var upright = Math.Abs(degrees - 90) > 45;
            for (var turn = 1; turn < 4; turn++)
            {
                if (oriented && (turn % 2 == 0) != upright) continue;
                var (pixels, w, h) = Rotate(dark, width, height, turn);
                var result = new Scanner(pixels, w, h).Decode();
                if (result.Success) return result;
            }
        }

        if (oriented && (long)width * height <= MaxTurnedPixels)
        {
            foreach (var extra in (ReadOnlySpan<double>)[0, Math.PI / 2])
            {
                var result = ReadTurned(gray, width, height, normal + extra, 1);
                if (result.Success) return result;
            }
        }
        return first;
    }

    /// <summary>Reads every symbol in <paramref name="image"/>; see <see cref="ReadAll(ReadOnlySpan{byte}, int, int)"/>.</summary>
    public static IReadOnlyList<Pdf417ReadResult> ReadAll(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ReadAll(image.Pixels, image.Width, image.Height);
    }

    /// <summary>
    /// Finds and decodes every readable PDF417 symbol in a row-major 8-bit grayscale raster (a scanned
    /// page of several pieces, other print around them), in reading order of their centres. Each pass
    /// (global threshold in the four quarter turns, local threshold in the four quarter turns, and for a
    /// page whose bars lean off the axes the page turned upright) decodes every start pattern it finds;
    /// a symbol read by several passes is returned once, two symbols with the same bytes at different
    /// places both. Only successful, Reed–Solomon-consistent reads are returned; never throws on image
    /// content, and the work is bounded (a fixed number of linear passes, capped pattern hits and decodes).
    /// </summary>
    public static IReadOnlyList<Pdf417ReadResult> ReadAll(ReadOnlySpan<byte> gray, int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels || gray.Length < width * height) return [];
        gray = gray[..(width * height)];
        var found = new List<Located>();

        void Pass(byte[] bits, int w, int h, Func<double, double, (double X, double Y)> toImage)
        {
            var scanner = new Scanner(bits, w, h);
            foreach (var (result, box) in scanner.DecodeAll())
            {
                // The box in image coordinates: the bounds of its mapped corners.
                var (ax, ay) = toImage(box.X0, box.Y0);
                var (bx, by) = toImage(box.X1, box.Y0);
                var (cx, cy) = toImage(box.X1, box.Y1);
                var (dx, dy) = toImage(box.X0, box.Y1);
                var located = new Located(result,
                    Math.Min(Math.Min(ax, bx), Math.Min(cx, dx)), Math.Min(Math.Min(ay, by), Math.Min(cy, dy)),
                    Math.Max(Math.Max(ax, bx), Math.Max(cx, dx)), Math.Max(Math.Max(ay, by), Math.Max(cy, dy)));
                if (!found.Exists(f => f.Contains(located.CentreX, located.CentreY) || located.Contains(f.CentreX, f.CentreY)))
                    found.Add(located);
            }
        }

        void QuarterTurns(byte[] bits)
        {
            for (var turn = 0; turn < 4; turn++)
            {
                var (pixels, w, h) = turn == 0 ? (bits, width, height) : Rotate(bits, width, height, turn);
                Pass(pixels, w, h, turn switch
                {
                    0 => (x, y) => (x, y),
                    1 => (x, y) => (y, height - x),
                    2 => (x, y) => (width - x, height - y),
                    _ => (x, y) => (width - y, x),
                });
            }
        }

        QuarterTurns(Binarize(gray, width, height));
        QuarterTurns(LocalThreshold.Run(gray, width, height));
        if (BarAlignment.TryEstimate(gray, width, height, out var normal) && (long)width * height <= MaxTurnedPixels)
        {
            var degrees = normal * 180 / Math.PI;
            var offAxis = Math.Min(Math.Abs(degrees), Math.Min(Math.Abs(degrees - 90), Math.Abs(degrees - 180)));
            // A photographed symbol's bars lean a little differently from the page's print (perspective,
            // the estimate taken over everything on the page): when nothing has been read, a few nearby
            // directions are tried as well.
            ReadOnlySpan<double> offsets = found.Count == 0 ? [0, 0.03, -0.03, 0.06, -0.06] : [0];
            foreach (var offset in offsets)
            {
                if (offAxis < 1 && offset == 0) continue;
                if (offset != 0 && found.Count > 0) break;
                foreach (var angle in (ReadOnlySpan<double>)[normal + offset, normal + offset + Math.PI])
                {
                    var turned = BarAlignment.Turn(gray, width, height, angle, 1, out var w, out var h);
                    var bits = LocalThreshold.Run(turned, w, h);
                    double cos = Math.Cos(angle), sin = Math.Sin(angle), ox = w / 2.0, oy = h / 2.0, cx = width / 2.0, cy = height / 2.0;
                    // Turned pixel q came from image point c + R(angle)·(q − o) (BarAlignment.Turn).
                    Pass(bits, w, h, (x, y) => (cx + cos * (x - ox) - sin * (y - oy), cy + sin * (x - ox) + cos * (y - oy)));
                }
            }
        }
        return ReadingOrder(found);
    }

    /// <summary>A symbol read on a page, with its bounding box in image coordinates.</summary>
    private sealed record Located(Pdf417ReadResult Result, double X0, double Y0, double X1, double Y1)
    {
        public double CentreX => (X0 + X1) / 2;

        public double CentreY => (Y0 + Y1) / 2;

        public bool Contains(double x, double y) => x >= X0 && x <= X1 && y >= Y0 && y <= Y1;
    }

    /// <summary>Rows of symbols top to bottom (centres within half a symbol height of the row's first), each left to right.</summary>
    private static List<Pdf417ReadResult> ReadingOrder(List<Located> found)
    {
        var byY = found.OrderBy(f => f.CentreY).ThenBy(f => f.CentreX).ToList();
        var ordered = new List<Pdf417ReadResult>(found.Count);
        for (var i = 0; i < byY.Count;)
        {
            var band = (byY[i].Y1 - byY[i].Y0) / 2;
            var j = i + 1;
            while (j < byY.Count && byY[j].CentreY - byY[i].CentreY <= band) j++;
            ordered.AddRange(byY.Skip(i).Take(j - i).OrderBy(f => f.CentreX).Select(f => f.Result));
            i = j;
        }
        return ordered;
    }

    private static Pdf417ReadResult ReadTurned(ReadOnlySpan<byte> gray, int width, int height, double angle, double scale, bool refine = true)
    {
        var turned = BarAlignment.Turn(gray, width, height, angle, scale, out var w, out var h);
        var bits = LocalThreshold.Run(turned, w, h);
        var scanner = new Scanner(bits, w, h);
        var result = scanner.Decode();
        if (result.Success) return result;
        var flipped = new Scanner(Rotate(bits, w, h, 2).Pixels, w, h);
        var other = flipped.Decode();
        if (other.Success) return other;
        if (!refine) return result;

        // The direction estimate was off: the start pattern's edge gives the residual tilt.
        var slope = Math.Abs(scanner.Slope) >= Math.Abs(flipped.Slope) ? scanner.Slope : flipped.Slope;
        if (Math.Abs(slope) < 0.004 || Math.Abs(slope) > 0.2) return result;
        var refined = ReadTurned(gray, width, height, angle - Math.Atan(slope), scale, refine: false);
        return refined.Success ? refined : result;
    }

    /// <summary>Threshold between the two classes of the histogram (Otsu); 1 = dark.</summary>
    private static byte[] Binarize(ReadOnlySpan<byte> gray, int width, int height)
    {
        // Dark is at or below the level; a single-valued image (no ink) takes the middle grey.
        var level = Otsu.Threshold(gray);
        var threshold = level < 0 ? 127 : level - 1;
        var dark = new byte[width * height];
        var p = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var limit = Vector128.Create((byte)threshold);
            var one = Vector128.Create((byte)1);
            for (; p + 16 <= dark.Length; p += 16)
                (Vector128.LessThanOrEqual(Vector128.Create(gray.Slice(p, 16)), limit) & one).CopyTo(dark.AsSpan(p));
        }
        for (; p < dark.Length; p++) dark[p] = gray[p] <= threshold ? (byte)1 : (byte)0;
        return dark;
    }

    /// <summary>Turns the image by <paramref name="turn"/> quarter turns.</summary>
    private static (byte[] Pixels, int Width, int Height) Rotate(byte[] src, int width, int height, int turn)
    {
        var dst = new byte[src.Length];
        if (turn == 2)
        {
            for (var i = 0; i < src.Length; i++) dst[i] = src[src.Length - 1 - i];
            return (dst, width, height);
        }
        // A quarter turn: the new row y is the old column y, read bottom-up (or top-down for three quarters).
        for (var y = 0; y < width; y++)
        {
            for (var x = 0; x < height; x++)
            {
                var srcY = turn == 1 ? height - 1 - x : x;
                var srcX = turn == 1 ? y : width - 1 - y;
                dst[y * height + x] = src[srcY * width + srcX];
            }
        }
        return (dst, height, width);
    }

    private readonly record struct Hit(int Y, int X0, int X1);

    private sealed class Group
    {
        public List<Hit> Hits { get; } = [];

        public Hit Last => Hits[^1];
    }

    // rectify: whether a symbol whose lines do not read is sampled upright and read again (not inside such a reading).
    private sealed class Scanner(byte[] pixels, int width, int height, bool rectify = true)
    {
        private readonly int[] _bounds = new int[width + 1];
        private int _runCount;

        public Pdf417ReadResult Decode()
        {
            var starts = new List<Group>();
            var stops = new List<Group>();
            var hits = 0;
            for (var y = 0; y < height && hits < MaxHits; y++)
            {
                Runs(y);
                hits += FindPatterns(y, StartWidths, 17, starts);
                hits += FindPatterns(y, StopWidths, 18, stops);
            }
            if (starts.Count == 0) return Pdf417ReadResult.Fail("No PDF417 start pattern found.");

            starts.Sort((a, b) => b.Hits.Count.CompareTo(a.Hits.Count));
            Slope = FitSlope(starts[0]);
            Pdf417ReadResult? first = null;
            for (var i = 0; i < starts.Count && i < 4 && starts[i].Hits.Count >= 3; i++)
            {
                var result = DecodeSymbol(starts[i], stops, out _);
                if (result.Success) return result;
                if (rectify && DecodeRectified(starts[i], stops, out _) is { Success: true } upright) return upright;
                first ??= result;
            }
            return first ?? Pdf417ReadResult.Fail("No PDF417 start pattern found.");
        }

        // Start patterns tried on a page: a page of pieces holds a few symbols, not hundreds.
        private const int MaxPageGroups = 64;

        /// <summary>Every symbol whose start pattern this scan finds, with its box (scan coordinates).</summary>
        public List<(Pdf417ReadResult Result, (double X0, double Y0, double X1, double Y1) Box)> DecodeAll()
        {
            var starts = new List<Group>();
            var stops = new List<Group>();
            var hits = 0;
            for (var y = 0; y < height && hits < MaxHits; y++)
            {
                Runs(y);
                hits += FindPatterns(y, StartWidths, 17, starts);
                hits += FindPatterns(y, StopWidths, 18, stops);
            }
            var found = new List<(Pdf417ReadResult, (double, double, double, double))>();
            starts.Sort((a, b) => b.Hits.Count.CompareTo(a.Hits.Count));
            var tried = 0;
            foreach (var start in starts)
            {
                if (start.Hits.Count < 3 || tried++ >= MaxPageGroups) break;
                // A second start group inside a symbol already read (a line broken by damage) is the same symbol.
                var mid = start.Hits[start.Hits.Count / 2];
                if (found.Exists(f => mid.X0 >= f.Item2.Item1 - 1 && mid.X0 <= f.Item2.Item3 && mid.Y >= f.Item2.Item2 && mid.Y <= f.Item2.Item4)) continue;
                var result = DecodeSymbol(start, stops, out var box);
                if (!result.Success && rectify) result = DecodeRectified(start, stops, out box);
                if (result.Success) found.Add((result, box));
            }
            return found;
        }

        /// <summary>
        /// After <see cref="Decode"/>: horizontal shift per line of the longest start pattern (dx/dy of a
        /// least-squares line through its hits), 0 when there are too few hits to tell.
        /// </summary>
        public double Slope { get; private set; }

        private static double FitSlope(Group group)
        {
            var hits = group.Hits;
            if (hits.Count < 8) return 0;
            double my = 0, mx = 0;
            foreach (var h in hits)
            {
                my += h.Y;
                mx += (h.X0 + h.X1) / 2.0;
            }
            my /= hits.Count;
            mx /= hits.Count;
            double syy = 0, sxy = 0;
            foreach (var h in hits)
            {
                syy += (h.Y - my) * (h.Y - my);
                sxy += (h.Y - my) * ((h.X0 + h.X1) / 2.0 - mx);
            }
            return syy > 0 ? sxy / syy : 0;
        }

        /// <summary>Splits row <paramref name="y"/> into runs; run k spans [_bounds[k], _bounds[k+1]).</summary>
        private void Runs(int y)
        {
            var n = RowRuns.Split(pixels.AsSpan(y * width, width), _bounds);
            _bounds[n] = width;
            _runCount = n;
        }

        private bool IsDark(int y, int run) => pixels[y * width + _bounds[run]] != 0;

        private int FindPatterns(int y, ReadOnlySpan<byte> widths, int modules, List<Group> groups)
        {
            var found = 0;
            var elements = widths.Length;
            for (var k = IsDark(y, 0) ? 0 : 1; k + elements <= _runCount; k += 2)
            {
                var total = _bounds[k + elements] - _bounds[k];
                if (total < modules) continue;
                var ok = true;
                for (var j = 0; j < elements && ok; j++)
                {
                    var w = _bounds[k + j + 1] - _bounds[k + j];
                    // Within 0.5 module (plus a pixel) of the nominal width.
                    ok = Math.Abs(w * modules - widths[j] * total) * 2 <= total + 2 * modules;
                }
                if (!ok) continue;
                // The pattern must be bounded by light on its outer side (quiet zone or the image edge).
                var moduleWidth = (double)total / modules;
                if (modules == 17 && k > 0 && _bounds[k] - _bounds[k - 1] < moduleWidth) continue;
                if (modules == 18 && k + elements < _runCount && _bounds[k + elements + 1] - _bounds[k + elements] < moduleWidth) continue;
                AddHit(groups, new Hit(y, _bounds[k], _bounds[k + elements]), moduleWidth);
                found++;
            }
            return found;
        }

        private static void AddHit(List<Group> groups, Hit hit, double moduleWidth)
        {
            var tolerance = Math.Max(2.0, 2 * moduleWidth);
            var gap = Math.Max(4.0, 12 * moduleWidth);
            for (var i = groups.Count - 1; i >= 0; i--)
            {
                var last = groups[i].Last;
                if (hit.Y - last.Y > gap) continue;
                if (last.Y == hit.Y) continue;
                if (Math.Abs(last.X0 - hit.X0) <= tolerance && Math.Abs(last.X1 - hit.X1) <= tolerance)
                {
                    groups[i].Hits.Add(hit);
                    return;
                }
            }
            var group = new Group();
            group.Hits.Add(hit);
            groups.Add(group);
        }

        private Pdf417ReadResult DecodeSymbol(Group start, List<Group> stops, out (double X0, double Y0, double X1, double Y1) box)
        {
            var lines = start.Hits;
            var moduleWidth = Median(lines, h => (h.X1 - h.X0) / 17.0);
            int yTop = lines[0].Y, yBottom = lines[^1].Y;

            var stop = StopOf(lines, stops);
            var symbolLeft = lines.Min(h => h.X0);
            box = (symbolLeft, yTop, stop is null ? symbolLeft + 17 * moduleWidth : stop.Hits.Max(h => h.X1), yBottom + 1);

            // Codeword columns between the patterns, left and right row indicators included.
            var stopByLine = new Dictionary<int, Hit>();
            var columnVotes = new int[33];
            if (stop is not null)
            {
                foreach (var h in stop.Hits) stopByLine[h.Y] = h;
                foreach (var line in lines)
                {
                    var xe = StopFor(line.Y, stop, stopByLine).X0;
                    var k = (int)Math.Round((xe - line.X1) / (17 * moduleWidth));
                    if (k is >= 3 and <= 32) columnVotes[k]++;
                }
            }
            var columnsFromStop = ArgMax(columnVotes);

            var lineCount = lines.Count;
            var maxColumns = columnsFromStop > 0 ? columnsFromStop : 32;
            var read = new int[lineCount * maxColumns];
            read.AsSpan().Fill(-1);

            // Read each line: cluster index × 1000 + value, or −1.
            for (var li = 0; li < lineCount; li++)
            {
                var line = lines[li];
                Runs(line.Y);
                double step = 17 * moduleWidth;
                if (columnsFromStop > 0)
                {
                    var xe = StopFor(line.Y, stop!, stopByLine).X0;
                    step = (double)(xe - line.X1) / columnsFromStop;
                }
                for (var j = 0; j < maxColumns; j++)
                {
                    var x = line.X1 + j * step;
                    if (x + step * 0.8 > width) break;
                    read[li * maxColumns + j] = ReadCodeword(line.Y, x, step);
                }
            }

            // Symbol geometry from the row indicators (§5.3.1).
            var rowGroups = new int[30];
            var levelRows = new int[30];
            var columnsVotes = new int[30];
            var lineRows = new int[lineCount];
            for (var li = 0; li < lineCount; li++)
            {
                lineRows[li] = -1;
                var left = read[li * maxColumns];
                if (left >= 0)
                {
                    var (cluster, v) = (left / 1000, left % 1000);
                    (cluster switch { 0 => rowGroups, 1 => levelRows, _ => columnsVotes })[v % 30]++;
                    lineRows[li] = 3 * (v / 30) + cluster;
                }
                if (columnsFromStop > 0)
                {
                    var right = read[li * maxColumns + columnsFromStop - 1];
                    if (right >= 0)
                    {
                        var (cluster, v) = (right / 1000, right % 1000);
                        (cluster switch { 0 => columnsVotes, 1 => rowGroups, _ => levelRows })[v % 30]++;
                        if (lineRows[li] < 0) lineRows[li] = 3 * (v / 30) + cluster;
                    }
                }
            }
            if (rowGroups.AsSpan().IndexOfAnyExcept(0) < 0 || levelRows.AsSpan().IndexOfAnyExcept(0) < 0 || columnsVotes.AsSpan().IndexOfAnyExcept(0) < 0)
                return Pdf417ReadResult.Fail("The row indicators could not be read.");
            var levelRow = ArgMax(levelRows);
            var rows = 3 * ArgMax(rowGroups) + levelRow % 3 + 1;
            var level = levelRow / 3;
            var columns = ArgMax(columnsVotes) + 1;
            if (columnsFromStop > 0 && columns != columnsFromStop - 2)
                return Pdf417ReadResult.Fail("The row indicators disagree with the symbol width.");
            if (columns + 2 > maxColumns || rows < 3 || level > 8)
                return Pdf417ReadResult.Fail("The row indicators describe an impossible symbol.");

            var n = rows * columns;
            var check = ReedSolomon929.CheckCodewords(level);
            if (n > Pdf417Encoder.MaxCodewords || n <= check)
                return Pdf417ReadResult.Fail("The row indicators describe an impossible symbol.");

            // Vote codewords into cells; a codeword of a neighbouring cluster belongs to the neighbouring row.
            var votes = new Votes(n);
            for (var li = 0; li < lineCount; li++)
            {
                var r0 = lineRows[li];
                if (r0 < 0 || r0 >= rows) continue;
                for (var j = 0; j < columns; j++)
                {
                    var cw = read[li * maxColumns + j + 1];
                    if (cw < 0) continue;
                    var cluster = cw / 1000;
                    var r = cluster == r0 % 3 ? r0 : cluster == (r0 + 1) % 3 ? r0 + 1 : r0 - 1;
                    if (r < 0 || r >= rows) continue;
                    votes.Add(r * columns + j, cw % 1000);
                }
            }

            var codewords = new int[n];
            var erasures = new List<int>();
            for (var i = 0; i < n; i++)
            {
                codewords[i] = votes.Best(i);
                if (codewords[i] < 0)
                {
                    codewords[i] = 0;
                    erasures.Add(i);
                }
            }
            if (erasures.Count > check - 2)
                return Pdf417ReadResult.Fail($"{erasures.Count} of {n} codewords are unreadable.");
            var corrected = ReedSolomon929.Decode(codewords, check, erasures.ToArray());
            if (corrected < 0) return Pdf417ReadResult.Fail("Too many codeword errors to correct.");
            var length = codewords[0];
            if (length < 1 || length > n - check) return Pdf417ReadResult.Fail("Invalid symbol length descriptor.");
            var data = Decompaction.Decode(codewords.AsSpan(1, length - 1));
            if (data is null) return Pdf417ReadResult.Fail("The data codewords are malformed or use Macro PDF417.");
            if (stop is null) box = (box.X0, box.Y0, lines[0].X1 + (columns + 2) * 17 * moduleWidth + 18 * moduleWidth, box.Y1);
            return Pdf417ReadResult.Ok(data, corrected, rows, columns, level);
        }

        /// <summary>
        /// The stop pattern group to the right that shares the most lines with the start pattern; of
        /// those sharing at least half its lines, the nearest (on a page, the next symbol in the row
        /// has a stop pattern of its own further right). Null when none does.
        /// </summary>
        private static Group? StopOf(List<Hit> lines, List<Group> stops)
        {
            int yTop = lines[0].Y, yBottom = lines[^1].Y;
            Group? widest = null, near = null;
            var bestOverlap = 0;
            var nearest = double.MaxValue;
            foreach (var g in stops)
            {
                if (g.Hits[0].X0 <= lines[0].X1) continue;
                var overlap = Math.Min(yBottom, g.Last.Y) - Math.Max(yTop, g.Hits[0].Y);
                if (overlap > bestOverlap)
                {
                    bestOverlap = overlap;
                    widest = g;
                }
                var distance = g.Hits[0].X0 - lines[0].X1;
                if (overlap > 0 && 2 * overlap >= yBottom - yTop && distance < nearest)
                {
                    nearest = distance;
                    near = g;
                }
            }
            return near ?? widest;
        }

        /// <summary>
        /// A symbol photographed at an angle: its rows are no longer the scan lines (they converge towards the
        /// far side, so one line crosses several rows) and its modules narrow across it, so the lines read as
        /// a jumble. The outer edge of the start pattern and the outer edge of the stop pattern are two sides
        /// of the symbol's quadrilateral, their first and last lines close it; a projective map of that
        /// quadrilateral (<see cref="Homography"/>, as the Data Matrix reader samples its modules) is sampled
        /// into an upright image, rows level and modules evenly spaced, with a margin of the photo's own quiet
        /// zone around it, and that image is read. <paramref name="box"/> is the quadrilateral's bounds.
        /// </summary>
        private Pdf417ReadResult DecodeRectified(Group start, List<Group> stops, out (double X0, double Y0, double X1, double Y1) box)
        {
            box = default;
            var fail = Pdf417ReadResult.Fail("The symbol could not be sampled upright.");
            if (start.Hits.Count < 4 || StopOf(start.Hits, stops) is not { Hits.Count: >= 4 } stop) return fail;
            var (la, lb) = FitEdge(start.Hits, h => h.X0);
            var (ra, rb) = FitEdge(stop.Hits, h => h.X1);
            double leftTop = start.Hits[0].Y, leftBottom = start.Hits[^1].Y + 1, rightTop = stop.Hits[0].Y, rightBottom = stop.Last.Y + 1;
            var topLeft = new ImagePoint(la + lb * leftTop, leftTop);
            var bottomLeft = new ImagePoint(la + lb * leftBottom, leftBottom);
            var topRight = new ImagePoint(ra + rb * rightTop, rightTop);
            var bottomRight = new ImagePoint(ra + rb * rightBottom, rightBottom);
            var moduleLeft = Median(start.Hits, h => (h.X1 - h.X0) / 17.0);
            var moduleRight = Median(stop.Hits, h => (h.X1 - h.X0) / 18.0);
            // Modules across (start, row indicators, data columns, stop: 86 to 579) and down, from the sides'
            // lengths and the module width measured at each end.
            var across = (topLeft.DistanceTo(topRight) + bottomLeft.DistanceTo(bottomRight)) / (moduleLeft + moduleRight);
            var down = Math.Max(topLeft.DistanceTo(bottomLeft) / moduleLeft, topRight.DistanceTo(bottomRight) / moduleRight);
            if (across is < 80 or > 600 || down is < 3 or > 1000) return fail;

            const int PixelsPerModule = 3;
            const int MarginX = 4 * PixelsPerModule, MarginY = 2 * PixelsPerModule;
            int innerWidth = (int)Math.Round(across * PixelsPerModule), innerHeight = (int)Math.Round(down * PixelsPerModule);
            int w = innerWidth + 2 * MarginX, h = innerHeight + 2 * MarginY;
            if ((long)w * h > MaxTurnedPixels) return fail;
            var map = new Homography(topLeft, topRight, bottomRight, bottomLeft, innerWidth, innerHeight);
            var upright = new byte[w * h];
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var p = map.Map(x + 0.5 - MarginX, y + 0.5 - MarginY);
                    if (p.X < 0 || p.Y < 0 || p.X >= width || p.Y >= height) continue; // outside the photo: light
                    upright[y * w + x] = pixels[(int)p.Y * width + (int)p.X];
                }
            }
            var result = new Scanner(upright, w, h, rectify: false).Decode();
            box = (Math.Min(topLeft.X, bottomLeft.X), Math.Min(topLeft.Y, topRight.Y), Math.Max(topRight.X, bottomRight.X), Math.Max(bottomLeft.Y, bottomRight.Y));
            return result;
        }

        /// <summary>The line x = a + b·y through the hits' <paramref name="x"/> (least squares in y).</summary>
        private static (double A, double B) FitEdge(List<Hit> hits, Func<Hit, double> x)
        {
            double my = 0, mx = 0;
            foreach (var hit in hits)
            {
                my += hit.Y;
                mx += x(hit);
            }
            my /= hits.Count;
            mx /= hits.Count;
            double syy = 0, sxy = 0;
            foreach (var hit in hits)
            {
                syy += (hit.Y - my) * (hit.Y - my);
                sxy += (hit.Y - my) * (x(hit) - mx);
            }
            var b = syy > 0 ? sxy / syy : 0;
            return (mx - b * my, b);
        }

        private static Hit StopFor(int y, Group stop, Dictionary<int, Hit> byLine)
        {
            if (byLine.TryGetValue(y, out var hit)) return hit;
            var best = stop.Hits[0];
            foreach (var h in stop.Hits)
            {
                if (Math.Abs(h.Y - y) < Math.Abs(best.Y - y)) best = h;
            }
            return best;
        }

        /// <summary>The codeword whose first bar starts near <paramref name="x"/> on the current line, as cluster × 1000 + value.</summary>
        private int ReadCodeword(int y, double x, double step)
        {
            // Binary search for the first boundary at or after x − 2 modules.
            var module = step / 17;
            var from = x - 2 * module;
            int lo = 0, hi = _runCount;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (_bounds[mid] < from) lo = mid + 1;
                else hi = mid;
            }
            var best = -1;
            var bestDistance = double.MaxValue;
            for (var k = lo; k < _runCount && _bounds[k] <= x + 2 * module; k++)
            {
                if (!IsDark(y, k)) continue;
                var d = Math.Abs(_bounds[k] - x);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = k;
                }
            }
            if (best < 0 || best + 7 >= _runCount) return -1;
            var start = _bounds[best];
            double total = _bounds[best + 8] - start;
            var lastSpace = _bounds[best + 8] - _bounds[best + 7];
            if (total > 1.25 * step && _bounds[best + 7] - start < step - 0.5 * module)
            {
                // The closing space runs into damage or a blank neighbour: it ends where the codeword should.
                lastSpace = (int)Math.Round(start + step - _bounds[best + 7]);
                total = _bounds[best + 7] - start + lastSpace;
            }
            if (total < 0.75 * step || total > 1.25 * step) return -1;

            Span<int> widths = stackalloc int[8];
            Span<double> exact = stackalloc double[8];
            var sum = 0;
            for (var j = 0; j < 8; j++)
            {
                var w = j < 7 ? _bounds[best + j + 1] - _bounds[best + j] : lastSpace;
                exact[j] = w * 17.0 / total;
                widths[j] = Math.Clamp((int)Math.Round(exact[j]), 1, 6);
                sum += widths[j];
            }
            // Bring the rounded widths to 17 modules, moving the element that was rounded furthest.
            for (var guard = 0; sum != 17 && guard < 8; guard++)
            {
                var pick = -1;
                var worst = double.MinValue;
                for (var j = 0; j < 8; j++)
                {
                    var error = sum > 17 ? widths[j] - exact[j] : exact[j] - widths[j];
                    var movable = sum > 17 ? widths[j] > 1 : widths[j] < 6;
                    if (movable && error > worst)
                    {
                        worst = error;
                        pick = j;
                    }
                }
                if (pick < 0) return -1;
                widths[pick] += sum > 17 ? -1 : 1;
                sum += sum > 17 ? -1 : 1;
            }
            if (sum != 17) return -1;

            var pattern = 0;
            for (var j = 0; j < 8; j++)
            {
                for (var m = 0; m < widths[j]; m++) pattern = (pattern << 1) | (j % 2 == 0 ? 1 : 0);
            }
            var (cluster, value) = CodewordPatterns.Lookup(pattern);
            return cluster < 0 ? -1 : cluster * 1000 + value;
        }

        private static int ArgMax(ReadOnlySpan<int> counts)
        {
            var best = 0;
            for (var i = 1; i < counts.Length; i++)
            {
                if (counts[i] > counts[best]) best = i;
            }
            return counts[best] > 0 ? best : 0;
        }

        private static double Median(List<Hit> hits, Func<Hit, double> f)
        {
            var values = new double[hits.Count];
            for (var i = 0; i < values.Length; i++) values[i] = f(hits[i]);
            Array.Sort(values);
            return values[values.Length / 2];
        }
    }

    /// <summary>Up to three candidate values per codeword cell with their counts.</summary>
    private sealed class Votes(int cells)
    {
        private readonly int[] _values = new int[cells * 3];
        private readonly int[] _counts = new int[cells * 3];

        public void Add(int cell, int value)
        {
            var b = cell * 3;
            for (var i = b; i < b + 3; i++)
            {
                if (_counts[i] > 0 && _values[i] == value)
                {
                    _counts[i]++;
                    return;
                }
            }
            for (var i = b; i < b + 3; i++)
            {
                if (_counts[i] == 0)
                {
                    _values[i] = value;
                    _counts[i] = 1;
                    return;
                }
            }
        }

        public int Best(int cell)
        {
            var b = cell * 3;
            int best = -1, count = 0;
            for (var i = b; i < b + 3; i++)
            {
                if (_counts[i] > count)
                {
                    count = _counts[i];
                    best = _values[i];
                }
            }
            return best;
        }
    }
}
