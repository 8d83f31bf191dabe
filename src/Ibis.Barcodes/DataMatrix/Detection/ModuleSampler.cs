namespace Ibis.Barcodes.DataMatrix.Detection;

/// <summary>
/// Reads module (column, row) of a located symbol: the mean of five bilinear samples (the centre and
/// four points a quarter module away diagonally), a small synthetic aperture that averages out noise,
/// compared with the local threshold at that spot.
/// </summary>
internal readonly ref struct ModuleSampler
{
    private readonly ReadOnlySpan<byte> _gray;
    private readonly int _width;
    private readonly int _height;
    private readonly Binarizer? _bin;
    private readonly Homography _h;
    private readonly double _ux, _uy, _vx, _vy;

    // The aperture's diagonal offsets: a quarter module along u + v and along u - v.
    private readonly double _ax, _ay, _bx, _by;
    private readonly double _fallbackThreshold;

    public ModuleSampler(ReadOnlySpan<byte> gray, int width, int height, Binarizer? bin, Homography h, SymbolInfo s)
    {
        _gray = gray;
        _width = width;
        _height = height;
        _bin = bin;
        _h = h;
        var left = h.Map(0, s.Rows / 2.0);
        var right = h.Map(s.Columns, s.Rows / 2.0);
        var top = h.Map(s.Columns / 2.0, 0);
        var bottom = h.Map(s.Columns / 2.0, s.Rows);
        _ux = (right.X - left.X) / s.Columns;
        _uy = (right.Y - left.Y) / s.Columns;
        _vx = (bottom.X - top.X) / s.Rows;
        _vy = (bottom.Y - top.Y) / s.Rows;
        _ax = 0.25 * (_ux + _vx);
        _ay = 0.25 * (_uy + _vy);
        _bx = 0.25 * (_ux - _vx);
        _by = 0.25 * (_uy - _vy);

        // Where the local threshold knows nothing: halfway between the finder and the light timing modules.
        double dark = 0, light = 0;
        int darkCount = 0, lightCount = 0;
        for (var c = 0; c < s.Columns; c++)
        {
            dark += Gray(c, s.Rows - 1);
            darkCount++;
            if ((c & 1) == 0) continue;
            light += Gray(c, 0);
            lightCount++;
        }
        _fallbackThreshold = lightCount == 0 ? 128 : (dark / darkCount + light / lightCount) / 2;
    }

    /// <summary>The image point at the centre of module (column, row).</summary>
    public ImagePoint Centre(int column, int row) => _h.Map(column + 0.5, row + 0.5);

    /// <summary>Aperture mean gray of module (column, row); columns and rows outside the symbol sample the quiet zone.</summary>
    public double Gray(int column, int row) => GrayAt(_h.Map(column + 0.5, row + 0.5));

    public double Threshold(int column, int row) => ThresholdAt(_h.Map(column + 0.5, row + 0.5));

    /// <summary>Gray against threshold at the module centre, mapped once for both.</summary>
    public bool IsDark(int column, int row)
    {
        var p = _h.Map(column + 0.5, row + 0.5);
        return GrayAt(p) < ThresholdAt(p);
    }

    private double GrayAt(ImagePoint p) =>
        (2 * Bilinear(p.X, p.Y)
         + Bilinear(p.X + _ax, p.Y + _ay) + Bilinear(p.X - _ax, p.Y - _ay)
         + Bilinear(p.X + _bx, p.Y + _by) + Bilinear(p.X - _bx, p.Y - _by)) / 6;

    private double ThresholdAt(ImagePoint p)
    {
        if (_bin is null) return _fallbackThreshold;
        var t = _bin.ThresholdAt((int)Math.Floor(p.X), (int)Math.Floor(p.Y));
        return t == 0 ? _fallbackThreshold : t;
    }

    private double Bilinear(double x, double y)
    {
        x -= 0.5;
        y -= 0.5;
        if (x < 0) x = 0;
        if (y < 0) y = 0;
        if (x > _width - 1) x = _width - 1;
        if (y > _height - 1) y = _height - 1;
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, _width - 1);
        var y1 = Math.Min(y0 + 1, _height - 1);
        double fx = x - x0, fy = y - y0;
        var row0 = y0 * _width;
        var row1 = y1 * _width;
        var top = _gray[row0 + x0] + fx * (_gray[row0 + x1] - _gray[row0 + x0]);
        var bottom = _gray[row1 + x0] + fx * (_gray[row1 + x1] - _gray[row1 + x0]);
        return top + fy * (bottom - top);
    }
}
