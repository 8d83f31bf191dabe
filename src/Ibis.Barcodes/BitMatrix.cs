namespace Ibis.Barcodes;

/// <summary>
/// A rectangular grid of modules (true = dark), the output of every 2D encoder. Renderers take it
/// from here; the matrix holds no quiet zone.
/// </summary>
public sealed class BitMatrix
{
    private readonly bool[] _modules;

    public BitMatrix(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _modules = new bool[width * height];
    }

    /// <summary>Wraps <paramref name="modules"/> (row-major, width × height), which the matrix now owns.</summary>
    internal BitMatrix(int width, int height, bool[] modules)
    {
        if (modules.Length != width * height) throw new ArgumentException($"{modules.Length} modules do not fill {width}x{height}.", nameof(modules));
        Width = width;
        Height = height;
        _modules = modules;
    }

    /// <summary>Number of module columns.</summary>
    public int Width { get; }

    /// <summary>Number of module rows.</summary>
    public int Height { get; }

    /// <summary>The module at column <paramref name="x"/>, row <paramref name="y"/> (row 0 at the top).</summary>
    public bool this[int x, int y]
    {
        get => _modules[Index(x, y)];
        set => _modules[Index(x, y)] = value;
    }

    /// <summary>
    /// Sets row <paramref name="y"/> from <paramref name="row"/>, one entry per module column: the bulk
    /// form of the indexer for encoders that build a row at a time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside the matrix.</exception>
    /// <exception cref="ArgumentException"><paramref name="row"/> does not hold <see cref="Width"/> modules.</exception>
    public void SetRow(int y, ReadOnlySpan<bool> row)
    {
        if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y), $"Row {y} is outside 0..{Height - 1}.");
        if (row.Length != Width) throw new ArgumentException($"{row.Length} modules do not fill a row of {Width}.", nameof(row));
        row.CopyTo(_modules.AsSpan(y * Width, Width));
    }

    /// <summary>
    /// Sets <paramref name="count"/> modules of row <paramref name="y"/>, starting at column
    /// <paramref name="x"/>, to <paramref name="value"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the matrix.</exception>
    public void SetRange(int x, int y, int count, bool value)
    {
        if ((uint)y >= (uint)Height || (uint)x > (uint)Width || (uint)count > (uint)(Width - x))
            throw new ArgumentOutOfRangeException(nameof(count), $"{count} modules from ({x},{y}) do not fit {Width}x{Height}.");
        _modules.AsSpan(y * Width + x, count).Fill(value);
    }

    /// <summary>Copies row <paramref name="fromY"/> over row <paramref name="toY"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Either row is outside the matrix.</exception>
    public void CopyRow(int fromY, int toY)
    {
        if ((uint)fromY >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(fromY), $"Row {fromY} is outside 0..{Height - 1}.");
        if ((uint)toY >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(toY), $"Row {toY} is outside 0..{Height - 1}.");
        if (fromY != toY) _modules.AsSpan(fromY * Width, Width).CopyTo(_modules.AsSpan(toY * Width, Width));
    }

    private int Index(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"({x},{y}) is outside {Width}x{Height}");
        return y * Width + x;
    }
}
