using Ibis.Rendering.Mailpieces;
using Xunit;

namespace Ibis.Rendering.Tests.Mailpieces;

/// <summary>
/// Measures a rendered page from its pixels alone — dark pixels, bar runs, the Data Matrix finder —
/// against the distances of P050 4.4, 4.8, 4.9 and the FIM geometry of DMM 708.9 / Publication 25
/// (P050 4.12): bars 1/32 ± 0.008 in wide on a 1/16 in pitch, 5/8 ± 1/8 in tall from the top edge,
/// the rightmost bar 2 ± 1/8 in from the right edge.
/// </summary>
internal sealed class PieceMeasurement(GrayImage image, int dpi)
{
    public GrayImage Image { get; } = image;

    public int Dpi { get; } = dpi;

    public double In(int px) => px / (double)Dpi;

    public int Px(double inches) => (int)Math.Round(inches * Dpi);

    /// <summary>The dark runs of the FIM, read along a row 0.1 in below the top edge between 1.6 and 3.1 in from the right edge.</summary>
    public List<(int Start, int Length)> FimRuns() =>
        Image.RowRuns(Px(0.1), Image.Width - Px(3.1), Image.Width - Px(1.6));

    /// <summary>Asserts the FIM bars of <paramref name="pattern"/> (nine positions, true = bar) and returns the right edge of the rightmost bar (exclusive).</summary>
    public int AssertFim(bool[] pattern)
    {
        var runs = FimRuns();
        var positions = Enumerable.Range(0, pattern.Length).Where(i => pattern[i]).ToArray();
        Assert.Equal(positions.Length, runs.Count);
        var pitch = Dpi / 16.0;
        for (var i = 0; i < runs.Count; i++)
        {
            Assert.InRange(In(runs[i].Length), 1.0 / 32 - 0.008, 1.0 / 32 + 0.008);
            var position = (runs[i].Start - runs[0].Start) / pitch;
            Assert.InRange(position, positions[i] - positions[0] - 0.15, positions[i] - positions[0] + 0.15);
            var x = runs[i].Start + runs[i].Length / 2;
            var top = 0;
            while (top < Image.Height && !Image.Dark(x, top)) top++;
            var bottom = top;
            while (bottom < Image.Height && Image.Dark(x, bottom)) bottom++;
            Assert.InRange(In(top), 0, 1.0 / 8);                                   // from the top edge
            Assert.InRange(In(bottom - top), 5.0 / 8 - 1.0 / 8, 5.0 / 8 + 1.0 / 8);
        }
        var right = runs[^1].Start + runs[^1].Length;
        Assert.InRange(In(Image.Width - right), 2.0 - 1.0 / 8, 2.0 + 1.0 / 8);
        // Nothing else in the FIM clear zone (top 5/8 in, 1 3/4 to 3 in from the right edge).
        Assert.Equal(0, Image.CountDark(Image.Width - Px(3.0), 0, runs[0].Start - 1, Px(0.625)));
        Assert.Equal(0, Image.CountDark(right + 1, 0, Image.Width - Px(1.75), Px(0.625)));
        return right;
    }

    /// <summary>Bounding box of the dark pixels in a region given in pixels.</summary>
    public (int Left, int Top, int Right, int Bottom) Dark(int x0, int y0, int x1, int y1) =>
        Image.DarkBounds(x0, y0, x1, y1) ?? throw new Xunit.Sdk.XunitException("nothing printed in the region");

    /// <summary>The Data Matrix in the region, located by its solid L finder (taller than any glyph).</summary>
    public (int Left, int Top, int Right, int Bottom) Symbol(int x0, int y0, int x1, int y1)
    {
        var symbol = Image.FindDataMatrix(x0, y0, x1, y1, minSide: Px(0.3));
        // Horizontal (P050 4.4): square, with the solid finder on the left and at the bottom.
        Assert.InRange(symbol.Bottom - symbol.Top, symbol.Right - symbol.Left - 2, symbol.Right - symbol.Left + 2);
        return symbol;
    }

    /// <summary>True when a vertical dark run of at least 0.3 in exists in the region (a Data Matrix finder or a bar).</summary>
    public bool HasTallRun(int x0, int y0, int x1, int y1)
    {
        try
        {
            Image.FindDataMatrix(x0, y0, x1, y1, minSide: Px(0.3));
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
