using Xunit;

namespace Ibis.Rendering.Tests.Indicia;

/// <summary>
/// Measures a rendered #10 envelope bitmap against P050 4.4 (position) and 4.12 / DMM FIM D
/// geometry, from the pixels alone. Used for our PNG and for the PDF as rasterised by poppler.
/// </summary>
internal sealed record EnvelopeMeasurement(
    List<(int Start, int Length)> FimRuns,
    (int Left, int Top, int Right, int Bottom) IndiciumDark,
    (int Left, int Top, int Right, int Bottom) Symbol)
{
    public static EnvelopeMeasurement Measure(GrayImage img, int dpi)
    {
        double In(int px) => px / (double)dpi;
        int Px(double inches) => (int)Math.Round(inches * dpi);

        Assert.InRange(In(img.Width), 9.5 - 1.0 / dpi, 9.5 + 1.0 / dpi);
        Assert.InRange(In(img.Height), 4.125 - 1.0 / dpi, 4.125 + 1.0 / dpi);

        // --- FIM D: scan a row near the top edge; it crosses every bar and nothing else. ---
        var runs = img.RowRuns(Px(0.1));
        Assert.Equal(7, runs.Count);
        var pitch = dpi / 16.0;
        int[] expectedPositions = [0, 1, 2, 4, 6, 7, 8]; // FIM D = 111010111
        for (var i = 0; i < runs.Count; i++)
        {
            Assert.InRange(In(runs[i].Length), 0.031 - 0.008, 0.031 + 0.008);
            var position = (runs[i].Start - runs[0].Start) / pitch;
            Assert.InRange(position, expectedPositions[i] - 0.1, expectedPositions[i] + 0.1);
        }
        var fimRight = runs[^1].Start + runs[^1].Length;      // exclusive
        Assert.InRange(In(img.Width - fimRight), 2.0 - 0.125, 2.0 + 0.125);
        foreach (var (start, length) in runs)
        {
            var x = start + length / 2;
            var top = 0;
            while (top < img.Height && !img.Dark(x, top)) top++;
            var bottom = top;
            while (bottom < img.Height && img.Dark(x, bottom)) bottom++;
            Assert.InRange(In(top), 0, 0.125);                         // at the top edge
            Assert.InRange(In(bottom - top), 0.625 - 0.125, 0.625 + 0.125);
        }

        // --- Indicium: everything dark right of the FIM. ---
        var dark = img.DarkBounds(fimRight + Px(0.05), 0, img.Width, img.Height)
                   ?? throw new Xunit.Sdk.XunitException("no indicium found");
        Assert.True(In(dark.Top) >= 0.25, $"indicium top {In(dark.Top):0.000} in from the top edge");
        Assert.True(In(img.Width - 1 - dark.Right) >= 0.25, $"indicium {In(img.Width - 1 - dark.Right):0.000} in from the right edge");
        Assert.True(In(img.Width - dark.Left) <= 1.75, $"indicium reaches {In(img.Width - dark.Left):0.000} in from the right edge, into the FIM clear zone");
        Assert.True(In(dark.Bottom) < 2.0, "indicium stays in the upper right corner");

        // FIM clear zone (top 5/8 in, 1 3/4 to 3 in from the right edge): nothing but the bars.
        var zoneLeft = img.Width - Px(3.0);
        var zoneRight = img.Width - Px(1.75);
        var zoneBottom = Px(0.625);
        Assert.Equal(0, img.CountDark(zoneLeft, 0, runs[0].Start - 1, zoneBottom));
        Assert.Equal(0, img.CountDark(fimRight + 1, 0, zoneRight, zoneBottom));
        // And the rest of the envelope is blank: no stray marks left of the FIM or under it.
        Assert.Equal(0, img.CountDark(0, 0, runs[0].Start - 1, img.Height));
        Assert.Equal(0, img.CountDark(0, Px(0.8), dark.Left - 1, img.Height));

        // Barcode horizontal: the ECC 200 "L" (solid left column, solid bottom row) is upright.
        var symbol = img.FindDataMatrix(fimRight + Px(0.05), 0, img.Width, img.Height, minSide: Px(0.3));
        Assert.InRange(In(symbol.Right - symbol.Left), 44 * 0.0133 - 2.0 / dpi, 44 * 0.0133 * 1.2);
        Assert.InRange(symbol.Bottom - symbol.Top, symbol.Right - symbol.Left - 2, symbol.Right - symbol.Left + 2);
        return new EnvelopeMeasurement(runs, dark, symbol);
    }
}
