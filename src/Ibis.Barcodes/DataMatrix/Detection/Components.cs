using System.Buffers;

namespace Ibis.Barcodes.DataMatrix.Detection;

/// <summary>
/// Dark connected components (8-connected) of a binarized image, found on horizontal runs with
/// union–find; for the largest ones, the convex hull of their pixels. Linear in the image, with a
/// cap on the number of runs so that hostile images cannot exhaust memory.
/// </summary>
internal sealed class Components : IDisposable
{
    public const int MaxRuns = 1 << 21;

    private int[] _start;
    private int[] _end;
    private int[] _row;
    private int[] _parent;
    private int _count;

    private Components(int capacity)
    {
        _start = ArrayPool<int>.Shared.Rent(capacity);
        _end = ArrayPool<int>.Shared.Rent(capacity);
        _row = ArrayPool<int>.Shared.Rent(capacity);
        _parent = ArrayPool<int>.Shared.Rent(capacity);
    }

    /// <summary>False when the image had more runs than <see cref="MaxRuns"/> (labeling stopped early).</summary>
    public bool Complete { get; private set; } = true;

    /// <summary>A component worth looking at: bounding box and pixel count.</summary>
    public readonly record struct Candidate(int Root, int MinX, int MinY, int MaxX, int MaxY, int Pixels)
    {
        public int BoxWidth => MaxX - MinX + 1;

        public int BoxHeight => MaxY - MinY + 1;
    }

    public static Components Label(ReadOnlySpan<byte> bits, int width, int height)
    {
        var c = new Components(Math.Min(MaxRuns, 1024 + width * height / 16));
        c.Run(bits, width, height);
        return c;
    }

    private void Run(ReadOnlySpan<byte> bits, int width, int height)
    {
        int prevFirst = 0, prevEnd = 0;
        var bounds = ArrayPool<int>.Shared.Rent(width + 1);
        try
        {
            for (var y = 0; y < height; y++)
            {
                var row = bits.Slice(y * width, width);
                var first = _count;
                var p = prevFirst;
                // Runs alternate dark and light from the row's first pixel; only the dark ones are labelled.
                var runs = Imaging.RowRuns.Split(row, bounds);
                bounds[runs] = width;
                for (var k = row[0] != 0 ? 0 : 1; k < runs; k += 2)
                {
                    int x = bounds[k], end = bounds[k + 1] - 1;
                    if (_count == _start.Length && !Grow())
                    {
                        Complete = false;
                        return;
                    }
                    var id = _count++;
                    _start[id] = x;
                    _end[id] = end;
                    _row[id] = y;
                    _parent[id] = id;
                    // Runs of the previous row that touch [x-1, end+1].
                    while (p < prevEnd && _end[p] < x - 1) p++;
                    for (var q = p; q < prevEnd && _start[q] <= end + 1; q++) Union(id, q);
                }
                prevFirst = first;
                prevEnd = _count;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(bounds);
        }
    }

    private bool Grow()
    {
        if (_start.Length >= MaxRuns) return false;
        var size = Math.Min(MaxRuns, _start.Length * 2);
        _start = Resize(_start, size);
        _end = Resize(_end, size);
        _row = Resize(_row, size);
        _parent = Resize(_parent, size);
        return true;
    }

    private int[] Resize(int[] old, int size)
    {
        var grown = ArrayPool<int>.Shared.Rent(size);
        old.AsSpan(0, _count).CopyTo(grown);
        ArrayPool<int>.Shared.Return(old);
        return grown;
    }

    private int Find(int i)
    {
        while (_parent[i] != i)
        {
            _parent[i] = _parent[_parent[i]];
            i = _parent[i];
        }
        return i;
    }

    private void Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a == b) return;
        // The older run becomes the root, so roots stay stable while scanning.
        if (a < b) _parent[b] = a;
        else _parent[a] = b;
    }

    /// <summary>The components with a bounding box of at least <paramref name="minSide"/> pixels, largest first.</summary>
    public List<Candidate> Candidates(int minSide, int max)
    {
        var n = _count;
        var minX = ArrayPool<int>.Shared.Rent(n);
        var minY = ArrayPool<int>.Shared.Rent(n);
        var maxX = ArrayPool<int>.Shared.Rent(n);
        var maxY = ArrayPool<int>.Shared.Rent(n);
        var pixels = ArrayPool<int>.Shared.Rent(n);
        try
        {
            for (var i = 0; i < n; i++)
            {
                var r = Find(i);
                _parent[i] = r;
                if (r == i)
                {
                    minX[r] = _start[i];
                    maxX[r] = _end[i];
                    minY[r] = maxY[r] = _row[i];
                    pixels[r] = _end[i] - _start[i] + 1;
                    continue;
                }
                if (_start[i] < minX[r]) minX[r] = _start[i];
                if (_end[i] > maxX[r]) maxX[r] = _end[i];
                if (_row[i] > maxY[r]) maxY[r] = _row[i];
                pixels[r] += _end[i] - _start[i] + 1;
            }
            var list = new List<Candidate>();
            for (var i = 0; i < n; i++)
            {
                if (_parent[i] != i) continue;
                if (maxX[i] - minX[i] + 1 < minSide && maxY[i] - minY[i] + 1 < minSide) continue;
                if (pixels[i] < minSide * 2) continue;
                list.Add(new Candidate(i, minX[i], minY[i], maxX[i], maxY[i], pixels[i]));
            }
            list.Sort((a, b) => b.Pixels.CompareTo(a.Pixels));
            if (list.Count > max) list.RemoveRange(max, list.Count - max);
            return list;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(minX);
            ArrayPool<int>.Shared.Return(minY);
            ArrayPool<int>.Shared.Return(maxX);
            ArrayPool<int>.Shared.Return(maxY);
            ArrayPool<int>.Shared.Return(pixels);
        }
    }

    /// <summary>
    /// The leftmost and rightmost pixel centre of <paramref name="candidate"/> on each of its rows,
    /// in (row, x) order, as hull input. Requires <see cref="Candidates"/> to have flattened the roots.
    /// </summary>
    public int RowExtremes(Candidate candidate, Span<ImagePoint> points)
    {
        var k = 0;
        int currentRow = -1, lo = 0, hi = 0;
        // Runs are stored in row order; the component's runs lie between its first run (the root) and the last row.
        for (var i = candidate.Root; i < _count && _row[i] <= candidate.MaxY; i++)
        {
            if (_parent[i] != candidate.Root) continue;
            if (_row[i] != currentRow)
            {
                if (currentRow >= 0) k = Flush(points, k, lo, hi, currentRow);
                currentRow = _row[i];
                lo = _start[i];
                hi = _end[i];
                continue;
            }
            if (_start[i] < lo) lo = _start[i];
            if (_end[i] > hi) hi = _end[i];
        }
        if (currentRow >= 0) k = Flush(points, k, lo, hi, currentRow);
        return k;
    }

    private static int Flush(Span<ImagePoint> points, int k, int lo, int hi, int row)
    {
        points[k++] = new ImagePoint(lo + 0.5, row + 0.5);
        if (hi != lo) points[k++] = new ImagePoint(hi + 0.5, row + 0.5);
        return k;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_start);
        ArrayPool<int>.Shared.Return(_end);
        ArrayPool<int>.Shared.Return(_row);
        ArrayPool<int>.Shared.Return(_parent);
    }
}
