using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>How a test image of a symbol is degraded.</summary>
/// <param name="AngleDegrees">Rotation, clockwise as seen in the image.</param>
/// <param name="ModulePixels">Module size in pixels (fractional sizes allowed).</param>
/// <param name="NoiseSigma">Standard deviation of additive Gaussian noise, in gray levels.</param>
/// <param name="BlurModules">Standard deviation of a Gaussian blur, in modules.</param>
/// <param name="Gradient">Lighting fall-off across the image: 0 = even, 0.5 = the dim side gets half the light.</param>
/// <param name="Damage">Damaged codewords as a share of the correctable number per block (1 = exactly at the limit).</param>
/// <param name="Dark">Gray of dark modules before lighting and noise.</param>
/// <param name="Light">Gray of light modules and paper.</param>
/// <param name="Mirrored">Draw the symbol mirrored (as seen through the back of a transparent label).</param>
internal sealed record Conditions(
    double AngleDegrees,
    double ModulePixels,
    double NoiseSigma = 0,
    double BlurModules = 0,
    double Gradient = 0,
    double Damage = 0,
    byte Dark = 0,
    byte Light = 255,
    bool Mirrored = false)
{
    public override string ToString() => FormattableString.Invariant(
        $"{AngleDegrees:0.#}° {ModulePixels:0.##}px σ={NoiseSigma:0.#} blur={BlurModules:0.##} grad={Gradient:0.##} damage={Damage:0.##}{(Mirrored ? " mirrored" : "")}");
}

/// <summary>
/// Test-side image synthesis: a symbol drawn at any angle and scale somewhere on a page, with
/// anti-aliased edges (each pixel the mean of a 4×4 grid of point samples, the same as resampling a
/// sharp rendering), then blur, uneven lighting, sensor noise; damage flips whole codewords.
/// </summary>
internal static class SymbolImages
{
    public static GrayImage Render(BitMatrix matrix, Conditions c, Random random, int quietModules = 3)
    {
        var mp = c.ModulePixels;
        var angle = c.AngleDegrees * Math.PI / 180;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        double w = matrix.Width * mp, h = matrix.Height * mp;
        var extent = (int)Math.Ceiling(Math.Abs(w * cos) + Math.Abs(h * sin));
        var extentY = (int)Math.Ceiling(Math.Abs(w * sin) + Math.Abs(h * cos));
        var margin = (int)Math.Ceiling(quietModules * mp * 1.5);
        var width = extent + 2 * margin + random.Next(0, 60);
        var height = extentY + 2 * margin + random.Next(0, 60);
        // The symbol centre somewhere that keeps the quiet zone on the page.
        var cx = margin + extent / 2.0 + random.NextDouble() * (width - extent - 2 * margin);
        var cy = margin + extentY / 2.0 + random.NextDouble() * (height - extentY - 2 * margin);

        var pixels = new double[width * height];
        const int ss = 4;
        // Image point → symbol frame (in modules): undo the rotation about the centre.
        int ModuleAt(double ix, double iy, out bool inside)
        {
            double px = ix - cx, py = iy - cy;
            var u = (px * cos + py * sin + w / 2) / mp;
            var v = (-px * sin + py * cos + h / 2) / mp;
            int mx = (int)Math.Floor(u), my = (int)Math.Floor(v);
            inside = u >= 0 && v >= 0 && (uint)mx < (uint)matrix.Width && (uint)my < (uint)matrix.Height;
            if (!inside) return -1;
            if (c.Mirrored) mx = matrix.Width - 1 - mx;
            return my * matrix.Width + mx;
        }
        bool DarkAt(double ix, double iy)
        {
            var m = ModuleAt(ix, iy, out var inside);
            return inside && matrix[m % matrix.Width, m / matrix.Width];
        }
        // The module under every pixel corner; pixels whose four corners agree lie wholly in one module
        // (or wholly outside) and need no supersampling.
        var corners = new int[(width + 1) * (height + 1)];
        for (var y = 0; y <= height; y++)
            for (var x = 0; x <= width; x++) corners[y * (width + 1) + x] = ModuleAt(x, y, out _);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * (width + 1) + x;
                var m0 = corners[i];
                if (m0 == corners[i + 1] && m0 == corners[i + width + 1] && m0 == corners[i + width + 2])
                {
                    pixels[y * width + x] = m0 >= 0 && matrix[m0 % matrix.Width, m0 / matrix.Width] ? c.Dark : c.Light;
                    continue;
                }
                var dark = 0;
                for (var sy = 0; sy < ss; sy++)
                    for (var sx = 0; sx < ss; sx++)
                        if (DarkAt(x + (sx + 0.5) / ss, y + (sy + 0.5) / ss)) dark++;
                pixels[y * width + x] = c.Light + (c.Dark - c.Light) * dark / (double)(ss * ss);
            }
        }

        if (c.BlurModules > 0) Blur(pixels, width, height, c.BlurModules * mp);

        var gradientAngle = random.NextDouble() * 2 * Math.PI;
        double gx = Math.Cos(gradientAngle), gy = Math.Sin(gradientAngle);
        var span = Math.Abs(gx) * width + Math.Abs(gy) * height;
        var offset = Math.Min(0, gx * width) + Math.Min(0, gy * height);
        var bytes = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var t = (gx * x + gy * y - offset) / span;
                var value = pixels[y * width + x] * (1 - c.Gradient * t);
                if (c.NoiseSigma > 0) value += c.NoiseSigma * Gaussian(random);
                bytes[y * width + x] = (byte)Math.Clamp(Math.Round(value), 0, 255);
            }
        }
        return new GrayImage(width, height, bytes);
    }

    /// <summary>
    /// Flips modules of share × floor(EccPerBlock / 2) distinct codewords in every block (at least one
    /// when share &gt; 0), so that share ≤ 1 stays within what Reed–Solomon can correct and share &gt; 1 does not.
    /// </summary>
    public static BitMatrix Damage(BitMatrix matrix, double share, Random random)
    {
        if (share <= 0) return matrix;
        var symbol = SymbolInfo.Find(matrix.Height, matrix.Width)!;
        var copy = new BitMatrix(matrix.Width, matrix.Height);
        for (var y = 0; y < matrix.Height; y++)
            for (var x = 0; x < matrix.Width; x++) copy[x, y] = matrix[x, y];

        // A block corrects floor(EccPerBlock / 2) codewords; past the limit means at least one more.
        var limit = symbol.EccPerBlock / 2;
        var perBlock = share <= 1
            ? Math.Max(1, (int)Math.Floor(share * limit + 1e-9))
            : Math.Max(limit + 1, (int)Math.Floor(share * limit));
        var victims = new HashSet<int>();
        for (var b = 0; b < symbol.Blocks; b++)
        {
            // Codeword i of the stream belongs to block i mod Blocks (check codewords included, for all but 144×144).
            var members = Enumerable.Range(0, symbol.TotalCodewords).Where(i => i % symbol.Blocks == b).ToList();
            foreach (var i in members.OrderBy(_ => random.Next()).Take(perBlock)) victims.Add(i);
        }
        var placement = symbol.Placement;
        var modules = new List<(int X, int Y)>[symbol.TotalCodewords];
        for (var r = 0; r < symbol.MappingRows; r++)
        {
            for (var c = 0; c < symbol.MappingColumns; c++)
            {
                var p = placement[r * symbol.MappingColumns + c];
                if (p < 0 || !victims.Contains(p >> 3)) continue;
                var x = c / symbol.RegionColumns * (symbol.RegionColumns + 2) + 1 + c % symbol.RegionColumns;
                var y = r / symbol.RegionRows * (symbol.RegionRows + 2) + 1 + r % symbol.RegionRows;
                (modules[p >> 3] ??= []).Add((x, y));
            }
        }
        foreach (var i in victims)
        {
            var list = modules[i];
            // Flip at least one module, often several: ink spots and voids.
            var flips = 1 + random.Next(list.Count);
            foreach (var (x, y) in list.OrderBy(_ => random.Next()).Take(flips)) copy[x, y] = !copy[x, y];
        }
        return copy;
    }

    public static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static void Blur(double[] pixels, int width, int height, double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new double[2 * radius + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.Exp(-i * i / (2 * sigma * sigma));
        for (var i = 0; i < kernel.Length; i++) kernel[i] /= sum;
        var temp = new double[pixels.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                double acc = 0;
                for (var k = -radius; k <= radius; k++) acc += kernel[k + radius] * pixels[y * width + Math.Clamp(x + k, 0, width - 1)];
                temp[y * width + x] = acc;
            }
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                double acc = 0;
                for (var k = -radius; k <= radius; k++) acc += kernel[k + radius] * temp[Math.Clamp(y + k, 0, height - 1) * width + x];
                pixels[y * width + x] = acc;
            }
    }
}
