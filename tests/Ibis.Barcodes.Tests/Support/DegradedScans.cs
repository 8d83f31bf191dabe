using Ibis.Barcodes.Imaging;

namespace Ibis.Barcodes.Tests.Support;

/// <summary>How one photograph of a piece is spoiled; every field drawn from the sample's seed.</summary>
/// <param name="Scale">Output pixels per source (300-dpi) pixel: below 1 is a photo of lower resolution.</param>
/// <param name="RotationDegrees">Turn of the piece in the photo, clockwise.</param>
/// <param name="Perspective">Largest corner displacement, as a share of the piece's size (a steep camera angle).</param>
/// <param name="Shear">Horizontal shift per row, in the piece's frame (PDF417 rows skewed).</param>
/// <param name="Curvature">Bow of the paper: rows bend by this share of the height across the width.</param>
/// <param name="Ink">Gray of ink before lighting (0 black; higher is faded printing, low contrast).</param>
/// <param name="Paper">Gray of paper before lighting.</param>
/// <param name="Gradient">Light fall-off across the photo (0.5: the dim side gets half the light).</param>
/// <param name="Glare">Strength 0–1 of a specular spot that washes ink out towards white; 0 for none.</param>
/// <param name="BlurPixels">Gaussian blur sigma, in output pixels (focus and motion).</param>
/// <param name="Noise">Sensor noise sigma, in gray levels.</param>
/// <param name="Bleed">Ink spread, in source pixels (printing that bleeds into the paper).</param>
internal sealed record Damage(
    double Scale,
    double RotationDegrees,
    double Perspective,
    double Shear,
    double Curvature,
    byte Ink,
    byte Paper,
    double Gradient,
    double Glare,
    double BlurPixels,
    double Noise,
    int Bleed)
{
    /// <summary>A damage drawn at random, harder with <paramref name="severity"/> in [0, 1].</summary>
    public static Damage Draw(Random r, double severity)
    {
        double U(double lo, double hi) => lo + (hi - lo) * r.NextDouble();
        // Mostly upright, like a phone held over a desk; some pieces quarter-turned, some at any angle.
        var turn = r.Next(8) switch
        {
            < 4 => U(-12, 12),
            < 6 => 90 * r.Next(1, 4) + U(-10, 10),
            _ => U(0, 360),
        };
        var ink = (byte)U(0, 40 + 90 * severity);
        return new Damage(
            Scale: U(1.0 - 0.35 * severity, 1.05),
            RotationDegrees: turn,
            Perspective: U(0, 0.04 + 0.16 * severity),
            Shear: U(-0.03, 0.03) * severity,
            Curvature: r.Next(3) == 0 ? U(0, 0.03 * severity) : 0,
            Ink: ink,
            Paper: (byte)U(Math.Max(ink + 70, 255 - 80 * severity), 252),
            Gradient: U(0, 0.15 + 0.45 * severity),
            Glare: r.Next(3) == 0 ? U(0.3, 0.3 + 0.5 * severity) : 0,
            BlurPixels: U(0.4, 0.6 + 0.9 * severity),
            Noise: U(1, 3 + 10 * severity),
            Bleed: r.Next(4) == 0 ? 1 : 0);
    }

    public override string ToString() => FormattableString.Invariant(
        $"scale {Scale:0.00} turn {RotationDegrees:0}° persp {Perspective:0.00} shear {Shear:0.000} curve {Curvature:0.000} ink {Ink} paper {Paper} grad {Gradient:0.00} glare {Glare:0.00} blur {BlurPixels:0.0} noise {Noise:0.0} bleed {Bleed}");
}

/// <summary>
/// Test-side photograph synthesis: a rendered piece (at 300 dpi) is printed with bleeding ink on paper
/// of some gray, bent, seen through a camera at an angle (a projective map, then any rotation and
/// scale) lying on a darker desk, lit unevenly with perhaps a glare spot, defocused and noised.
/// </summary>
internal static class DegradedScans
{
    public static GrayImage Photograph(GrayImage piece, Damage d, Random r)
    {
        var source = d.Bleed > 0 ? Spread(piece, d.Bleed) : piece;
        int sw = source.Width, sh = source.Height;

        // Where the piece's corners land: scaled, sheared, turned about the centre, each corner pushed
        // by up to Perspective of the piece's size, then the whole moved clear of the photo's edge.
        var angle = d.RotationDegrees * Math.PI / 180;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        var size = Math.Max(sw, sh) * d.Scale;
        var src = new (double X, double Y)[] { (0, 0), (sw, 0), (sw, sh), (0, sh) };
        var dst = new (double X, double Y)[4];
        for (var i = 0; i < 4; i++)
        {
            var x = (src[i].X - sw / 2.0 + d.Shear * (src[i].Y - sh / 2.0)) * d.Scale;
            var y = (src[i].Y - sh / 2.0) * d.Scale;
            dst[i] = (x * cos - y * sin + (2 * r.NextDouble() - 1) * d.Perspective * size,
                      x * sin + y * cos + (2 * r.NextDouble() - 1) * d.Perspective * size);
        }
        var margin = 0.06 * size + 20;
        double minX = dst.Min(p => p.X), minY = dst.Min(p => p.Y);
        for (var i = 0; i < 4; i++) dst[i] = (dst[i].X - minX + margin, dst[i].Y - minY + margin);
        var width = (int)Math.Ceiling(dst.Max(p => p.X) + margin);
        var height = (int)Math.Ceiling(dst.Max(p => p.Y) + margin);
        var toSource = Projective.FromCorners(dst, src);

        var desk = 40 + r.Next(90);
        var gradientAngle = r.NextDouble() * 2 * Math.PI;
        double gx = Math.Cos(gradientAngle), gy = Math.Sin(gradientAngle);
        var span = Math.Abs(gx) * width + Math.Abs(gy) * height;
        var offset = Math.Min(0, gx * width) + Math.Min(0, gy * height);
        double glareX = r.NextDouble() * width, glareY = r.NextDouble() * height, glareR = (0.1 + 0.15 * r.NextDouble()) * Math.Min(width, height);
        var pixels = new double[width * height];
        var ink = d.Ink;
        var paperSpan = d.Paper - ink;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (u, v) = toSource.Map(x + 0.5, y + 0.5);
                // The paper bows: rows bend down towards the middle of the piece.
                var bend = (u / sw - 0.5) * 2;
                v += d.Curvature * sh * (1 - bend * bend);
                double value;
                if (u < 0 || v < 0 || u >= sw || v >= sh) value = desk;
                else value = ink + paperSpan * Bilinear(source, u, v) / 255.0;
                var light = 1 - d.Gradient * (gx * x + gy * y - offset) / span;
                value *= light;
                if (d.Glare > 0)
                {
                    double dx = x - glareX, dy = y - glareY;
                    var spot = d.Glare * Math.Exp(-(dx * dx + dy * dy) / (2 * glareR * glareR));
                    value += (255 - value) * spot;
                }
                pixels[y * width + x] = value;
            }
        }
        if (d.BlurPixels > 0) Blur(pixels, width, height, d.BlurPixels);
        var bytes = new byte[width * height];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)Math.Clamp(Math.Round(pixels[i] + d.Noise * Gaussian(r)), 0, 255);
        return new GrayImage(width, height, bytes);
    }

    /// <summary>Ink spreads by <paramref name="radius"/> pixels: each pixel takes the darkest of its (2r+1)² neighbourhood, softened.</summary>
    private static GrayImage Spread(GrayImage image, int radius)
    {
        int w = image.Width, h = image.Height;
        var rows = new byte[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var m = 255;
                for (var k = Math.Max(0, x - radius); k <= Math.Min(w - 1, x + radius); k++) m = Math.Min(m, image.Pixels[y * w + k]);
                rows[y * w + x] = (byte)m;
            }
        var result = new byte[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var m = 255;
                for (var k = Math.Max(0, y - radius); k <= Math.Min(h - 1, y + radius); k++) m = Math.Min(m, rows[k * w + x]);
                // Bleeding is partial: the spread ink is a little lighter than the printed ink.
                var original = image.Pixels[y * w + x];
                result[y * w + x] = (byte)(m < original ? (m + original) / 3 : original);
            }
        return new GrayImage(w, h, result);
    }

    private static double Bilinear(GrayImage image, double x, double y)
    {
        x -= 0.5;
        y -= 0.5;
        var x0 = Math.Clamp((int)Math.Floor(x), 0, image.Width - 1);
        var y0 = Math.Clamp((int)Math.Floor(y), 0, image.Height - 1);
        var x1 = Math.Min(x0 + 1, image.Width - 1);
        var y1 = Math.Min(y0 + 1, image.Height - 1);
        double fx = Math.Clamp(x - x0, 0, 1), fy = Math.Clamp(y - y0, 0, 1);
        var p = image.Pixels;
        var w = image.Width;
        var top = p[y0 * w + x0] + fx * (p[y0 * w + x1] - p[y0 * w + x0]);
        var bottom = p[y1 * w + x0] + fx * (p[y1 * w + x1] - p[y1 * w + x0]);
        return top + fy * (bottom - top);
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

    /// <summary>
    /// The image seen by a camera whose view is tilted <paramref name="yawDegrees"/> about the image's vertical
    /// axis (the right side nearer for a positive angle), then <paramref name="pitchDegrees"/> about its
    /// horizontal axis (the bottom nearer), from a distance of one and a half times the image's size: the
    /// plane's corners projected through a pinhole, the rest by the projective map they fix, on white.
    /// </summary>
    public static GrayImage Tilt(GrayImage image, double yawDegrees, double pitchDegrees)
    {
        int sw = image.Width, sh = image.Height;
        var distance = 1.5 * Math.Max(sw, sh);
        double yaw = yawDegrees * Math.PI / 180, pitch = pitchDegrees * Math.PI / 180;
        var src = new (double X, double Y)[] { (0, 0), (sw, 0), (sw, sh), (0, sh) };
        var dst = new (double X, double Y)[4];
        for (var i = 0; i < 4; i++)
        {
            double x = src[i].X - sw / 2.0, y = src[i].Y - sh / 2.0;
            // Turned about the vertical axis, then the horizontal one; z is towards the camera's far side.
            double x1 = x * Math.Cos(yaw), z1 = -x * Math.Sin(yaw);
            double y2 = y * Math.Cos(pitch) + z1 * Math.Sin(pitch), z2 = z1 * Math.Cos(pitch) - y * Math.Sin(pitch);
            var scale = distance / (distance + z2);
            dst[i] = (x1 * scale, y2 * scale);
        }
        const double Margin = 20;
        double minX = dst.Min(p => p.X), minY = dst.Min(p => p.Y);
        for (var i = 0; i < 4; i++) dst[i] = (dst[i].X - minX + Margin, dst[i].Y - minY + Margin);
        var width = (int)Math.Ceiling(dst.Max(p => p.X) + Margin);
        var height = (int)Math.Ceiling(dst.Max(p => p.Y) + Margin);
        var toSource = Projective.FromCorners(dst, src);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (u, v) = toSource.Map(x + 0.5, y + 0.5);
                // Off the image is white paper.
                pixels[y * width + x] = u < 0 || v < 0 || u > sw || v > sh ? (byte)255 : (byte)Math.Round(Math.Clamp(Bilinear(image, u, v), 0, 255));
            }
        }
        return new GrayImage(width, height, pixels);
    }

    /// <summary>A plane projective map, solved from four point pairs.</summary>
    private sealed class Projective
    {
        private readonly double[] _h;

        private Projective(double[] h) => _h = h;

        public (double X, double Y) Map(double x, double y)
        {
            var w = _h[6] * x + _h[7] * y + 1;
            return ((_h[0] * x + _h[1] * y + _h[2]) / w, (_h[3] * x + _h[4] * y + _h[5]) / w);
        }

        /// <summary>The map taking each <paramref name="from"/> corner to the matching <paramref name="to"/> corner.</summary>
        public static Projective FromCorners((double X, double Y)[] from, (double X, double Y)[] to)
        {
            var a = new double[8, 9];
            for (var i = 0; i < 4; i++)
            {
                var (x, y) = from[i];
                var (u, v) = to[i];
                double[] r0 = [x, y, 1, 0, 0, 0, -u * x, -u * y, u];
                double[] r1 = [0, 0, 0, x, y, 1, -v * x, -v * y, v];
                for (var k = 0; k < 9; k++)
                {
                    a[2 * i, k] = r0[k];
                    a[2 * i + 1, k] = r1[k];
                }
            }
            // Gaussian elimination with partial pivoting.
            for (var c = 0; c < 8; c++)
            {
                var pivot = c;
                for (var r = c + 1; r < 8; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c])) pivot = r;
                for (var k = 0; k < 9; k++) (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
                for (var r = 0; r < 8; r++)
                {
                    if (r == c) continue;
                    var f = a[r, c] / a[c, c];
                    for (var k = c; k < 9; k++) a[r, k] -= f * a[c, k];
                }
            }
            var h = new double[8];
            for (var i = 0; i < 8; i++) h[i] = a[i, 8] / a[i, i];
            return new Projective(h);
        }
    }
}
