using System.Buffers.Binary;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.DataMatrix.Detection;
using Ibis.Domain.Quality;
using SkiaSharp;

namespace Ibis.Server.Quality;

/// <summary>What Ibis measured on a sample's scan: its resolution, the barcode grade, and where the indicium sits.</summary>
internal sealed record SampleMeasurements(int Dpi, bool DpiAssumed, int Grade, IndiciumPlacement? Placement, string? Note);

/// <summary>
/// Measures a quality-assurance scan (P050 2.5h, §502.26; issue 14 item 4): the scan is taken to show the address
/// side of the whole piece, upright, its edges the piece's edges, at the resolution its PNG records (pHYs; 300 dpi
/// when it records none, the usual scanner setting). The reader finds the indicium's Data Matrix anywhere on it
/// (<see cref="DataMatrixReader.ReadAll(ReadOnlySpan{byte}, int, int)"/>); its located corners give the barcode's
/// position, rotation and module, and the one-module band around it is checked for print. A scan smaller than the
/// smallest letter is a crop of the indicium: its clear zone is measured, its position on the piece is not.
/// </summary>
internal static class ScanMeasurement
{
    public const int AssumedDpi = 300;

    public static SampleMeasurements Measure(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        if (bitmap is null) return new SampleMeasurements(AssumedDpi, true, 0, null, "the scan is not an image Ibis can decode");
        var (width, height) = (bitmap.Width, bitmap.Height);
        var gray = Gray(bitmap);
        var grade = (int)DataMatrixQuality.Grade(gray, width, height).Overall;
        var recorded = DpiOf(png);
        var dpi = recorded ?? AssumedDpi;
        var symbol = DataMatrixReader.ReadAll(gray, width, height)
            .Where(r => r.Corners.Count == 4)
            .OrderByDescending(r => Area(r.Corners)).FirstOrDefault();
        if (symbol is null) return new SampleMeasurements(dpi, recorded is null, grade, null, "no indicium barcode was found on the scan, so its placement could not be measured");

        var xs = symbol.Corners.Select(c => c.X).ToArray();
        var ys = symbol.Corners.Select(c => c.Y).ToArray();
        var (pieceW, pieceH) = ((double)width / dpi, (double)height / dpi);
        var whole = pieceW >= IndiciumPlacement.MinPieceWidth && pieceH >= IndiciumPlacement.MinPieceHeight;
        var placement = new IndiciumPlacement(
            whole ? pieceW : null, whole ? pieceH : null,
            xs.Min() / dpi, ys.Min() / dpi, xs.Max() / dpi, ys.Max() / dpi,
            symbol.RotationDegrees, symbol.ModuleSize / dpi, QuietZoneInk(gray, width, height, symbol));
        var note = whole ? null : $"the scan shows {pieceW:0.##} × {pieceH:0.##} in, less than a whole piece (at least {IndiciumPlacement.MinPieceWidth} × {IndiciumPlacement.MinPieceHeight} in): the indicium's position on the piece was not measured";
        return new SampleMeasurements(dpi, recorded is null, grade, placement, note);
    }

    private static byte[] Gray(SKBitmap bitmap)
    {
        var gray = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
        for (var x = 0; x < bitmap.Width; x++)
        {
            var c = bitmap.GetPixel(x, y);
            // ITU-R BT.601 luma, as scanners report gray.
            gray[y * bitmap.Width + x] = (byte)((c.Red * 299 + c.Green * 587 + c.Blue * 114) / 1000);
        }
        return gray;
    }

    /// <summary>
    /// The share of the band from ¼ to 1 module outside the symbol's edges that is dark, sampled every ¼ module
    /// along the symbol's own axes (so a skewed scan is measured in the symbol's frame). Dark is below the midpoint
    /// of the darkest and lightest pixels inside the symbol.
    /// </summary>
    private static double QuietZoneInk(byte[] gray, int width, int height, DataMatrixReadResult symbol)
    {
        var (cols, rows) = symbol.SymbolSize;
        if (cols <= 0 || rows <= 0) return 0;
        var c = symbol.Corners;
        ImagePoint At(double u, double v)
        {
            // Bilinear map of module coordinates (u across, v down) onto the image; outside the symbol it extrapolates.
            var (s, t) = (u / cols, v / rows);
            return new ImagePoint(
                c[0].X * (1 - s) * (1 - t) + c[1].X * s * (1 - t) + c[2].X * s * t + c[3].X * (1 - s) * t,
                c[0].Y * (1 - s) * (1 - t) + c[1].Y * s * (1 - t) + c[2].Y * s * t + c[3].Y * (1 - s) * t);
        }
        byte? Pixel(ImagePoint p)
        {
            var (x, y) = ((int)Math.Round(p.X), (int)Math.Round(p.Y));
            return x < 0 || y < 0 || x >= width || y >= height ? null : gray[y * width + x];
        }

        var (lo, hi) = (255, 0);
        for (var v = 0.5; v < rows; v += 1)
        for (var u = 0.5; u < cols; u += 1)
            if (Pixel(At(u, v)) is { } p) (lo, hi) = (Math.Min(lo, p), Math.Max(hi, p));
        var threshold = (lo + hi) / 2.0;
        if (hi - lo < 32) return 0; // no contrast inside the symbol: nothing to judge ink against

        var (dark, all) = (0, 0);
        void Sample(double u, double v)
        {
            if (Pixel(At(u, v)) is not { } p) return; // off the scan: nothing printed there
            all++;
            if (p < threshold) dark++;
        }
        for (var d = 0.25; d <= 1.0; d += 0.25)
        {
            for (var u = -d; u <= cols + d; u += 0.25)
            {
                Sample(u, -d);
                Sample(u, rows + d);
            }
            for (var v = -d; v <= rows + d; v += 0.25)
            {
                Sample(-d, v);
                Sample(cols + d, v);
            }
        }
        return all == 0 ? 0 : (double)dark / all;
    }

    private static double Area(IReadOnlyList<ImagePoint> p)
    {
        var a = 0.0;
        for (var i = 0; i < p.Count; i++) a += p[i].X * p[(i + 1) % p.Count].Y - p[(i + 1) % p.Count].X * p[i].Y;
        return Math.Abs(a) / 2;
    }

    /// <summary>The resolution a PNG records in its pHYs chunk (unit: metre), or null when it records none.</summary>
    public static int? DpiOf(ReadOnlySpan<byte> png)
    {
        var at = 8; // after the signature
        while (at + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            var type = png.Slice(at + 4, 4);
            if (type.SequenceEqual("IDAT"u8) || length > int.MaxValue || at + 12 + (long)length > png.Length) return null;
            if (type.SequenceEqual("pHYs"u8) && length == 9)
            {
                var ppm = BinaryPrimitives.ReadUInt32BigEndian(png[(at + 8)..]);
                var unit = png[at + 16];
                return unit == 1 && ppm > 0 ? (int)Math.Round(ppm * 0.0254) : null;
            }
            at += 12 + (int)length;
        }
        return null;
    }
}
