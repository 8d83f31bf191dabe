namespace Ibis.Barcodes.Postal;

/// <summary>
/// Whole-pixel bar sizes for printing a postal barcode at a given resolution, chosen as close to
/// the nominal dimensions as the pixel grid allows and always inside the tolerances of
/// <see cref="PostalBarDimensions"/>.
/// </summary>
public sealed class PostalBarLayout
{
    private PostalBarLayout(int dpi, int barWidth, int pitch, int fullHeight, int shortHeight, int quietZoneHorizontal, int quietZoneVertical)
    {
        Dpi = dpi;
        BarWidth = barWidth;
        Pitch = pitch;
        FullHeight = fullHeight;
        ShortHeight = shortHeight;
        QuietZoneHorizontal = quietZoneHorizontal;
        QuietZoneVertical = quietZoneVertical;
    }

    /// <summary>Pixels per inch.</summary>
    public int Dpi { get; }

    /// <summary>Width of one bar, in pixels.</summary>
    public int BarWidth { get; }

    /// <summary>Distance from the left edge of one bar to the next, in pixels.</summary>
    public int Pitch { get; }

    /// <summary>Height of a full bar, in pixels; the height of the symbol.</summary>
    public int FullHeight { get; }

    /// <summary>The tracker (IMb) or half bar (POSTNET) height, in pixels.</summary>
    public int ShortHeight { get; }

    /// <summary>IMb only: how far an ascender or descender reaches beyond the tracker, in pixels.</summary>
    public int Extension => (FullHeight - ShortHeight) / 2;

    /// <summary>Clear zone to leave left and right of the bars, in pixels.</summary>
    public int QuietZoneHorizontal { get; }

    /// <summary>Clear zone to leave above and below the bars, in pixels.</summary>
    public int QuietZoneVertical { get; }

    /// <summary>Width of <paramref name="bars"/> bars without the clear zone, in pixels.</summary>
    public int SymbolWidth(int bars) => (bars - 1) * Pitch + BarWidth;

    /// <summary>
    /// The Intelligent Mail barcode layout at <paramref name="dpi"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No whole-pixel sizes at this resolution meet
    /// USPS-B-3200 (below about 90 dpi).</exception>
    public static PostalBarLayout IntelligentMail(int dpi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        const string Spec = "USPS-B-3200";
        var (width, pitch) = Horizontal(dpi, Spec,
            PostalBarDimensions.ImbBarWidth, PostalBarDimensions.ImbBarWidthMin, PostalBarDimensions.ImbBarWidthMax,
            PostalBarDimensions.ImbBarsPerInch, PostalBarDimensions.ImbBarsPerInchMin, PostalBarDimensions.ImbBarsPerInchMax);

        // The ascender and descender must extend the tracker equally, so full − tracker is even.
        foreach (var tracker in Candidates(dpi, PostalBarDimensions.ImbTrackerHeight, PostalBarDimensions.ImbTrackerHeightMin, PostalBarDimensions.ImbTrackerHeightMax))
        {
            foreach (var full in Candidates(dpi, PostalBarDimensions.ImbFullBarHeight, PostalBarDimensions.ImbFullBarHeightMin, PostalBarDimensions.ImbFullBarHeightMax))
            {
                if ((full - tracker) % 2 == 0 && full > tracker)
                {
                    return new PostalBarLayout(dpi, width, pitch, full, tracker,
                        Ceiling(PostalBarDimensions.ImbQuietZoneHorizontal, dpi), Ceiling(PostalBarDimensions.ImbQuietZoneVertical, dpi));
                }
            }
        }
        throw TooCoarse(dpi, Spec, "bar heights");
    }

    /// <summary>The POSTNET layout at <paramref name="dpi"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No whole-pixel sizes at this resolution meet the
    /// POSTNET tolerances.</exception>
    public static PostalBarLayout Postnet(int dpi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        const string Spec = "the POSTNET specification";
        var (width, pitch) = Horizontal(dpi, Spec,
            PostalBarDimensions.PostnetBarWidth, PostalBarDimensions.PostnetBarWidthMin, PostalBarDimensions.PostnetBarWidthMax,
            PostalBarDimensions.PostnetBarsPerInch, PostalBarDimensions.PostnetBarsPerInchMin, PostalBarDimensions.PostnetBarsPerInchMax);
        var full = Candidates(dpi, PostalBarDimensions.PostnetFullBarHeight, PostalBarDimensions.PostnetFullBarHeightMin, PostalBarDimensions.PostnetFullBarHeightMax)
            .FirstOrDefault();
        var half = Candidates(dpi, PostalBarDimensions.PostnetHalfBarHeight, PostalBarDimensions.PostnetHalfBarHeightMin, PostalBarDimensions.PostnetHalfBarHeightMax)
            .FirstOrDefault();
        if (full == 0 || half == 0 || half >= full) throw TooCoarse(dpi, Spec, "bar heights");
        var quiet = Ceiling(PostalBarDimensions.PostnetQuietZone, dpi);
        return new PostalBarLayout(dpi, width, pitch, full, half, quiet, quiet);
    }

    private static (int Width, int Pitch) Horizontal(int dpi, string spec, double width, double widthMin, double widthMax,
        double perInch, double perInchMin, double perInchMax)
    {
        // Pitch in pixels: dpi / bars-per-inch, so the largest bars-per-inch gives the smallest pitch.
        foreach (var pitch in Candidates(dpi, 1 / perInch, 1 / perInchMax, 1 / perInchMin))
        {
            foreach (var w in Candidates(dpi, width, widthMin, widthMax))
            {
                if (w < pitch) return (w, pitch); // at least one pixel of space between bars
            }
        }
        throw TooCoarse(dpi, spec, "bar width and pitch");
    }

    /// <summary>Whole pixel counts within [min, max] inches, nearest to nominal first.</summary>
    private static IEnumerable<int> Candidates(int dpi, double nominal, double min, double max)
    {
        // The small epsilon keeps exact boundaries (0.125 in at 200 dpi = 25 px) inside.
        var lo = (int)Math.Ceiling(min * dpi - 1e-9);
        var hi = (int)Math.Floor(max * dpi + 1e-9);
        lo = Math.Max(lo, 1);
        var target = nominal * dpi;
        return Enumerable.Range(lo, Math.Max(0, hi - lo + 1)).OrderBy(n => Math.Abs(n - target)).ThenBy(n => n);
    }

    private static int Ceiling(double inches, int dpi) => (int)Math.Ceiling(inches * dpi - 1e-9);

    private static ArgumentOutOfRangeException TooCoarse(int dpi, string spec, string what) =>
        new(nameof(dpi), dpi, $"at {dpi} dpi no whole-pixel {what} meet {spec}; print at 96 dpi or more (300 or 600 are typical)");
}
