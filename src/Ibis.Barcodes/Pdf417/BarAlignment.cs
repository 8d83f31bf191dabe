namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// Finds the orientation of a PDF417 symbol from the edges of its bars and turns the image so that the
/// bars stand upright. Every edge of the symbol is either a bar edge or a row boundary, and the two
/// are perpendicular, so a histogram of gradient directions folded onto a quarter turn has one sharp
/// peak whatever the rotation; of the two axes of that peak, the bar edges carry more energy (a
/// codeword has eight of them in 17 modules, a row boundary changes only some modules every few
/// modules of height). Work is linear in the image.
/// </summary>
internal static class BarAlignment
{
    /// <summary>Histogram bins over half a turn of gradient direction (0.5° each).</summary>
    private const int Bins = 360;

    /// <summary>Quarter-turn bins of the folded histogram.</summary>
    private const int Folded = Bins / 2;

    /// <summary>
    /// Estimates the direction, in radians in [0, π), of the normal to the bars (the direction in which a
    /// scan line crosses them). False when the image has no dominant pair of perpendicular edge directions.
    /// </summary>
    public static bool TryEstimate(ReadOnlySpan<byte> gray, int width, int height, out double barNormal)
    {
        barNormal = 0;
        if (width < 8 || height < 8) return false;
        Span<double> histogram = stackalloc double[Bins];
        histogram.Clear();
        // Large images: every other pixel in both directions is plenty for a direction estimate.
        var step = (long)width * height > 100_000 ? 2 : 1;
        const int minSquared = 24 * 24;
        var binsPerRadian = Bins / Math.PI;
        double total = 0;
        for (var y = 1; y < height - 1; y += step)
        {
            var above = gray.Slice((y - 1) * width, width);
            var row = gray.Slice(y * width, width);
            var below = gray.Slice((y + 1) * width, width);
            for (var x = 1; x < width - 1; x += step)
            {
                var gx = above[x + 1] + 2 * row[x + 1] + below[x + 1] - above[x - 1] - 2 * row[x - 1] - below[x - 1];
                var gy = below[x - 1] + 2 * below[x] + below[x + 1] - above[x - 1] - 2 * above[x] - above[x + 1];
                var m2 = gx * gx + gy * gy;
                if (m2 < minSquared) continue;
                var theta = Math.Atan2(gy, gx);
                if (theta < 0) theta += Math.PI;
                var bin = (int)(theta * binsPerRadian);
                if (bin >= Bins) bin = 0;
                histogram[bin] += m2;
                total += m2;
            }
        }
        if (total <= 0) return false;

        // Fold onto a quarter turn and smooth over ±1°.
        Span<double> folded = stackalloc double[Folded];
        for (var b = 0; b < Folded; b++) folded[b] = histogram[b] + histogram[b + Folded];
        var peak = 0;
        double peakValue = -1;
        for (var b = 0; b < Folded; b++)
        {
            double s = 0;
            for (var k = -2; k <= 2; k++) s += folded[(b + k + Folded) % Folded];
            if (s > peakValue)
            {
                peakValue = s;
                peak = b;
            }
        }
        // Sharpness: the peak must stand out of a uniform spread (noise, a photograph).
        if (peakValue < 2.0 * 5 / Folded * total) return false;

        // Centroid of the peak (±3 bins, circular) for sub-bin precision.
        double sw = 0, sx = 0;
        for (var k = -3; k <= 3; k++)
        {
            var v = folded[(peak + k + Folded) % Folded];
            sw += v;
            sx += v * k;
        }
        var axis = (peak + 0.5 + (sw > 0 ? sx / sw : 0)) / binsPerRadian; // in [0, π/2) up to the centroid shift

        // Of the two perpendicular axes, the bars are the one with more edge energy.
        var first = Energy(histogram, axis * binsPerRadian);
        var second = Energy(histogram, (axis + Math.PI / 2) * binsPerRadian);
        barNormal = first >= second ? axis : axis + Math.PI / 2;
        barNormal %= Math.PI;
        if (barNormal < 0) barNormal += Math.PI;
        return true;
    }

    private static double Energy(ReadOnlySpan<double> histogram, double centre)
    {
        var c = (int)Math.Floor(centre);
        double s = 0;
        for (var k = -3; k <= 3; k++) s += histogram[(((c + k) % Bins) + Bins) % Bins];
        return s;
    }

    /// <summary>
    /// The image turned so that direction <paramref name="angle"/> (radians, image coordinates with y
    /// downwards) points along +x, enlarged by <paramref name="scale"/>, bilinear, with the border
    /// pixels extended outwards. Then smoothed along y (along the bars) to calm sensor noise.
    /// </summary>
    public static byte[] Turn(ReadOnlySpan<byte> gray, int width, int height, double angle, double scale, out int outWidth, out int outHeight)
    {
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        outWidth = Math.Max(1, (int)Math.Ceiling((Math.Abs(width * cos) + Math.Abs(height * sin)) * scale));
        outHeight = Math.Max(1, (int)Math.Ceiling((Math.Abs(width * sin) + Math.Abs(height * cos)) * scale));
        var result = new byte[outWidth * outHeight];
        double cx = width / 2.0, cy = height / 2.0, ox = outWidth / 2.0, oy = outHeight / 2.0;
        // Output pixel centre q maps to source p = c + R(angle)·(q − o) / scale (pixel centres at .5).
        double dxx = cos / scale, dxy = sin / scale, dyx = -sin / scale, dyy = cos / scale;
        var maxX = width - 1;
        var maxY = height - 1;
        for (var qy = 0; qy < outHeight; qy++)
        {
            var ry = qy + 0.5 - oy;
            var rx = 0.5 - ox;
            // Source position minus the half-pixel offset, so that integer parts index pixels.
            var px = cx + dxx * rx + dyx * ry - 0.5;
            var py = cy + dxy * rx + dyy * ry - 0.5;
            var line = result.AsSpan(qy * outWidth, outWidth);
            for (var qx = 0; qx < outWidth; qx++, px += dxx, py += dxy)
            {
                var sx = Math.Clamp(px, 0, maxX);
                var sy = Math.Clamp(py, 0, maxY);
                var x0 = (int)sx;
                var y0 = (int)sy;
                var fx = sx - x0;
                var fy = sy - y0;
                var x1 = x0 < maxX ? x0 + 1 : x0;
                var y1 = y0 < maxY ? y0 + 1 : y0;
                var top = gray[y0 * width + x0] + (gray[y0 * width + x1] - gray[y0 * width + x0]) * fx;
                var bottom = gray[y1 * width + x0] + (gray[y1 * width + x1] - gray[y1 * width + x0]) * fx;
                line[qx] = (byte)(top + (bottom - top) * fy + 0.5);
            }
        }
        SmoothVertically(result, outWidth, outHeight);
        return result;
    }

    /// <summary>[1 2 1]/4 along y, in place.</summary>
    private static void SmoothVertically(byte[] pixels, int width, int height)
    {
        if (height < 3) return;
        var previous = new byte[width];
        var current = new byte[width];
        pixels.AsSpan(0, width).CopyTo(previous);
        for (var y = 1; y < height - 1; y++)
        {
            var row = pixels.AsSpan(y * width, width);
            row.CopyTo(current);
            var next = pixels.AsSpan((y + 1) * width, width);
            for (var x = 0; x < width; x++) row[x] = (byte)((previous[x] + 2 * current[x] + next[x] + 2) >> 2);
            (previous, current) = (current, previous);
        }
    }
}

/// <summary>
/// Local thresholding for PDF417 scans: 8×8-pixel blocks take the midpoint between the darkest and
/// lightest pixel of their 5×5-block neighbourhood. Blocks whose neighbourhood has no contrast (the
/// inside of a wide start bar at large module sizes, blank paper) take the threshold of the nearest
/// block that has, so wide bars stay dark and paper stays light; with no contrast anywhere the image is
/// all light.
/// </summary>
internal static class LocalThreshold
{
    private const int Shift = 3;
    private const int Block = 1 << Shift;
    private const int Radius = 2;

    /// <summary>1 for dark pixels, 0 for light, row-major.</summary>
    public static byte[] Run(ReadOnlySpan<byte> gray, int width, int height)
    {
        int bx = (width + Block - 1) >> Shift, by = (height + Block - 1) >> Shift;
        var blocks = bx * by;
        var mins = new byte[blocks];
        var maxs = new byte[blocks];
        mins.AsSpan().Fill(255);
        for (var y = 0; y < height; y++)
        {
            var row = gray.Slice(y * width, width);
            var b0 = (y >> Shift) * bx;
            for (var b = 0; b < bx; b++)
            {
                var cells = row.Slice(b << Shift, Math.Min(Block, width - (b << Shift)));
                int lo = mins[b0 + b], hi = maxs[b0 + b];
                foreach (var p in cells)
                {
                    if (p < lo) lo = p;
                    if (p > hi) hi = p;
                }
                mins[b0 + b] = (byte)lo;
                maxs[b0 + b] = (byte)hi;
            }
        }

        // Neighbourhood extremes, separably; the contrast floor follows the image's overall contrast.
        var rowMin = new byte[blocks];
        var rowMax = new byte[blocks];
        for (var yb = 0; yb < by; yb++)
        {
            for (var xb = 0; xb < bx; xb++)
            {
                byte lo = 255, hi = 0;
                for (int k = Math.Max(0, xb - Radius), end = Math.Min(bx - 1, xb + Radius); k <= end; k++)
                {
                    lo = Math.Min(lo, mins[yb * bx + k]);
                    hi = Math.Max(hi, maxs[yb * bx + k]);
                }
                rowMin[yb * bx + xb] = lo;
                rowMax[yb * bx + xb] = hi;
            }
        }
        var ranges = new int[blocks];
        var thresholds = new int[blocks];
        var widest = 0;
        for (var yb = 0; yb < by; yb++)
        {
            for (var xb = 0; xb < bx; xb++)
            {
                byte lo = 255, hi = 0;
                for (int k = Math.Max(0, yb - Radius), end = Math.Min(by - 1, yb + Radius); k <= end; k++)
                {
                    lo = Math.Min(lo, rowMin[k * bx + xb]);
                    hi = Math.Max(hi, rowMax[k * bx + xb]);
                }
                ranges[yb * bx + xb] = hi - lo;
                thresholds[yb * bx + xb] = (lo + hi + 1) >> 1;
                widest = Math.Max(widest, hi - lo);
            }
        }
        var minRange = Math.Max(24, widest / 3);

        // Breadth-first from the blocks with contrast: the others inherit their nearest threshold.
        var queue = new int[blocks];
        int head = 0, tail = 0;
        for (var i = 0; i < blocks; i++)
        {
            if (ranges[i] >= minRange) queue[tail++] = i;
            else thresholds[i] = -1;
        }
        while (head < tail)
        {
            var i = queue[head++];
            int xb = i % bx, yb = i / bx;
            if (xb > 0 && thresholds[i - 1] < 0) { thresholds[i - 1] = thresholds[i]; queue[tail++] = i - 1; }
            if (xb < bx - 1 && thresholds[i + 1] < 0) { thresholds[i + 1] = thresholds[i]; queue[tail++] = i + 1; }
            if (yb > 0 && thresholds[i - bx] < 0) { thresholds[i - bx] = thresholds[i]; queue[tail++] = i - bx; }
            if (yb < by - 1 && thresholds[i + bx] < 0) { thresholds[i + bx] = thresholds[i]; queue[tail++] = i + bx; }
        }

        var bits = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = gray.Slice(y * width, width);
            var output = bits.AsSpan(y * width, width);
            var b0 = (y >> Shift) * bx;
            for (var x = 0; x < width; x++)
            {
                var t = thresholds[b0 + (x >> Shift)];
                output[x] = row[x] < t ? (byte)1 : (byte)0;
            }
        }
        return bits;
    }
}
