namespace Ibis.Barcodes.Postal;

/// <summary>
/// Printed dimensions of the postal bar codes, in inches (or bars per inch for the pitch), with the
/// nominal value the renderer aims for and the tolerance it must stay within.
/// </summary>
public static class PostalBarDimensions
{
    // USPS-B-3200 (Intelligent Mail barcode), bar dimensions: bar width 0.015–0.025 in, pitch
    // 20–24 bars per inch, full bar 0.125–0.165 in, tracker 0.039–0.057 in; the ascender and
    // descender extend the tracker by the same amount up and down.

    /// <summary>IMb bar width, nominal (USPS-B-3200: 0.015–0.025 in).</summary>
    public const double ImbBarWidth = 0.020;

    /// <summary>IMb bar width, minimum.</summary>
    public const double ImbBarWidthMin = 0.015;

    /// <summary>IMb bar width, maximum.</summary>
    public const double ImbBarWidthMax = 0.025;

    /// <summary>IMb bars per inch, nominal (USPS-B-3200: 20–24).</summary>
    public const double ImbBarsPerInch = 22;

    /// <summary>IMb bars per inch, minimum.</summary>
    public const double ImbBarsPerInchMin = 20;

    /// <summary>IMb bars per inch, maximum.</summary>
    public const double ImbBarsPerInchMax = 24;

    /// <summary>IMb full bar height, nominal (USPS-B-3200: 0.125–0.165 in).</summary>
    public const double ImbFullBarHeight = 0.145;

    /// <summary>IMb full bar height, minimum.</summary>
    public const double ImbFullBarHeightMin = 0.125;

    /// <summary>IMb full bar height, maximum.</summary>
    public const double ImbFullBarHeightMax = 0.165;

    /// <summary>IMb tracker height, nominal (USPS-B-3200: 0.039–0.057 in).</summary>
    public const double ImbTrackerHeight = 0.048;

    /// <summary>IMb tracker height, minimum.</summary>
    public const double ImbTrackerHeightMin = 0.039;

    /// <summary>IMb tracker height, maximum.</summary>
    public const double ImbTrackerHeightMax = 0.057;

    /// <summary>IMb clear zone left and right of the bars (USPS-B-3200: at least 0.125 in).</summary>
    public const double ImbQuietZoneHorizontal = 0.125;

    /// <summary>IMb clear zone above and below the bars (USPS-B-3200: at least 0.028 in).</summary>
    public const double ImbQuietZoneVertical = 0.028;

    // POSTNET (DMM 708.4.4 and Publication 25, before its retirement): full bar 0.125 ± 0.010 in,
    // half bar 0.050 ± 0.010 in, bar width 0.020 ± 0.005 in, 22 ± 2 bars per inch.

    /// <summary>POSTNET bar width, nominal (0.015–0.025 in).</summary>
    public const double PostnetBarWidth = 0.020;

    /// <summary>POSTNET bar width, minimum.</summary>
    public const double PostnetBarWidthMin = 0.015;

    /// <summary>POSTNET bar width, maximum.</summary>
    public const double PostnetBarWidthMax = 0.025;

    /// <summary>POSTNET bars per inch, nominal (20–24).</summary>
    public const double PostnetBarsPerInch = 22;

    /// <summary>POSTNET bars per inch, minimum.</summary>
    public const double PostnetBarsPerInchMin = 20;

    /// <summary>POSTNET bars per inch, maximum.</summary>
    public const double PostnetBarsPerInchMax = 24;

    /// <summary>POSTNET full bar height, nominal (0.115–0.135 in).</summary>
    public const double PostnetFullBarHeight = 0.125;

    /// <summary>POSTNET full bar height, minimum.</summary>
    public const double PostnetFullBarHeightMin = 0.115;

    /// <summary>POSTNET full bar height, maximum.</summary>
    public const double PostnetFullBarHeightMax = 0.135;

    /// <summary>POSTNET half bar height, nominal (0.040–0.060 in).</summary>
    public const double PostnetHalfBarHeight = 0.050;

    /// <summary>POSTNET half bar height, minimum.</summary>
    public const double PostnetHalfBarHeightMin = 0.040;

    /// <summary>POSTNET half bar height, maximum.</summary>
    public const double PostnetHalfBarHeightMax = 0.060;

    /// <summary>Clear zone the renderer leaves around POSTNET bars (0.125 in, as for the IMb).</summary>
    public const double PostnetQuietZone = 0.125;
}
