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

    private int Index(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"({x},{y}) is outside {Width}x{Height}");
        return y * Width + x;
    }
}
