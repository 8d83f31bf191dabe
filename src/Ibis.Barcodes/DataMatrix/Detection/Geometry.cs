namespace Ibis.Barcodes.DataMatrix.Detection;

/// <summary>A line a·x + b·y = c with (a, b) a unit normal.</summary>
internal readonly record struct Line(double A, double B, double C)
{
    public double Distance(double x, double y) => A * x + B * y - C;

    public static bool TryIntersect(Line p, Line q, out ImagePoint point)
    {
        var det = p.A * q.B - p.B * q.A;
        if (Math.Abs(det) < 1e-9)
        {
            point = default;
            return false;
        }
        point = new ImagePoint((p.C * q.B - p.B * q.C) / det, (p.A * q.C - p.C * q.A) / det);
        return true;
    }

    public static Line Through(ImagePoint p, ImagePoint q)
    {
        double dx = q.X - p.X, dy = q.Y - p.Y;
        var length = Math.Sqrt(dx * dx + dy * dy);
        if (length < 1e-12) return new Line(1, 0, p.X);
        double a = -dy / length, b = dx / length;
        return new Line(a, b, a * p.X + b * p.Y);
    }

    /// <summary>Total least squares fit; false when the points do not define a line.</summary>
    public static bool TryFit(ReadOnlySpan<ImagePoint> points, out Line line)
    {
        line = default;
        if (points.Length < 2) return false;
        double mx = 0, my = 0;
        foreach (var p in points)
        {
            mx += p.X;
            my += p.Y;
        }
        mx /= points.Length;
        my /= points.Length;
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var p in points)
        {
            double dx = p.X - mx, dy = p.Y - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        // Direction of largest spread; the normal is perpendicular to it.
        var angle = 0.5 * Math.Atan2(2 * sxy, sxx - syy);
        double ux = Math.Cos(angle), uy = Math.Sin(angle);
        if (sxx + syy < 1e-9) return false;
        double a = -uy, b = ux;
        line = new Line(a, b, a * mx + b * my);
        return true;
    }
}

/// <summary>
/// The projective map from symbol module coordinates (u to the right, v downwards, in modules) to
/// image pixels, built from the images of the four symbol corners.
/// </summary>
internal readonly struct Homography
{
    private readonly double _a, _b, _c, _d, _e, _f, _g, _h;
    private readonly double _width, _height;
    private readonly double _inverseWidth, _inverseHeight;

    /// <summary>Maps the unit square of the symbol (columns × rows modules) onto the quadrilateral.</summary>
    public Homography(ImagePoint topLeft, ImagePoint topRight, ImagePoint bottomRight, ImagePoint bottomLeft, int columns, int rows)
    {
        _width = columns;
        _height = rows;
        // Map runs for every sampled module: multiply by reciprocals rather than divide.
        _inverseWidth = 1.0 / columns;
        _inverseHeight = 1.0 / rows;
        // Square-to-quad (Heckbert): (0,0)→TL, (1,0)→TR, (1,1)→BR, (0,1)→BL.
        double x0 = topLeft.X, y0 = topLeft.Y, x1 = topRight.X, y1 = topRight.Y;
        double x2 = bottomRight.X, y2 = bottomRight.Y, x3 = bottomLeft.X, y3 = bottomLeft.Y;
        var sx = x0 - x1 + x2 - x3;
        var sy = y0 - y1 + y2 - y3;
        if (Math.Abs(sx) < 1e-9 && Math.Abs(sy) < 1e-9)
        {
            _a = x1 - x0; _b = x3 - x0; _c = x0;
            _d = y1 - y0; _e = y3 - y0; _f = y0;
            _g = 0; _h = 0;
        }
        else
        {
            double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
            var den = dx1 * dy2 - dx2 * dy1;
            if (Math.Abs(den) < 1e-12) den = 1e-12;
            _g = (sx * dy2 - dx2 * sy) / den;
            _h = (dx1 * sy - sx * dy1) / den;
            _a = x1 - x0 + _g * x1; _b = x3 - x0 + _h * x3; _c = x0;
            _d = y1 - y0 + _g * y1; _e = y3 - y0 + _h * y3; _f = y0;
        }
    }

    /// <summary>The image point of module coordinates (u, v).</summary>
    public ImagePoint Map(double u, double v)
    {
        var s = u * _inverseWidth;
        var t = v * _inverseHeight;
        var w = _g * s + _h * t + 1;
        if (Math.Abs(w) < 1e-12) w = 1e-12;
        var r = 1 / w;
        return new ImagePoint((_a * s + _b * t + _c) * r, (_d * s + _e * t + _f) * r);
    }
}

internal static class Hull
{
    /// <summary>
    /// Convex hull (Andrew's monotone chain) of points already sorted by (y, x), as row scans give
    /// them; writes the hull into <paramref name="hull"/> (at least points.Length + 1 long) and returns its size.
    /// </summary>
    public static int Convex(ReadOnlySpan<ImagePoint> points, Span<ImagePoint> hull)
    {
        var n = points.Length;
        if (n < 3)
        {
            points.CopyTo(hull);
            return n;
        }
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], points[i]) >= 0) k--;
            hull[k++] = points[i];
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) >= 0) k--;
            hull[k++] = points[i];
        }
        return k - 1;
    }

    public static double Cross(ImagePoint o, ImagePoint a, ImagePoint b) =>
        (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);

    /// <summary>
    /// The minimum-area enclosing rectangle of a convex polygon (one side is flush with a hull edge);
    /// corners in cyclic order.
    /// </summary>
    public static bool MinAreaRectangle(ReadOnlySpan<ImagePoint> hull, Span<ImagePoint> corners)
    {
        var n = hull.Length;
        if (n < 3) return false;
        var bestArea = double.MaxValue;
        for (var i = 0; i < n; i++)
        {
            var p = hull[i];
            var q = hull[(i + 1) % n];
            double ex = q.X - p.X, ey = q.Y - p.Y;
            var length = Math.Sqrt(ex * ex + ey * ey);
            if (length < 1e-9) continue;
            ex /= length;
            ey /= length;
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (var h in hull)
            {
                double dx = h.X - p.X, dy = h.Y - p.Y;
                var u = dx * ex + dy * ey;
                var v = -dx * ey + dy * ex;
                if (u < minU) minU = u;
                if (u > maxU) maxU = u;
                if (v < minV) minV = v;
                if (v > maxV) maxV = v;
            }
            var area = (maxU - minU) * (maxV - minV);
            if (area >= bestArea) continue;
            bestArea = area;
            ImagePoint At(double u, double v) => new(p.X + u * ex - v * ey, p.Y + u * ey + v * ex);
            corners[0] = At(minU, minV);
            corners[1] = At(maxU, minV);
            corners[2] = At(maxU, maxV);
            corners[3] = At(minU, maxV);
        }
        return bestArea < double.MaxValue;
    }
}
