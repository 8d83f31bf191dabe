namespace Ibis.Rendering.Indicia;

/// <summary>
/// Geometry of the Facing Identification Mark. P050 4.2 and 4.12 require IBI mailpieces to bear
/// FIM D with the dimensions and print quality of DMM C810 (today DMM 708.9 and Publication 25,
/// "Designing Letter and Reply Mail", chapter "Facing Identification Mark").
/// </summary>
/// <remarks>
/// What is well established (the same values appear in the USPS-derived FIM tables of several
/// independent barcode libraries, which cite Publication 25):
/// <list type="bullet">
/// <item>nine bar positions; FIM D = 1 1 1 0 1 0 1 1 1 (1 = bar), FIM A = 110010011,
///   FIM B = 101101101, FIM C = 110101011;</item>
/// <item>bars 1/32 in wide (Pub 25 tolerance ±0.008 in), positions 1/16 in apart, 5/8 in tall
///   (±1/8 in), printed down from the top edge of the piece;</item>
/// <item>the rightmost bar is 2 in (±1/8 in) from the right edge of the piece;</item>
/// <item>the tops of the bars no lower than 1/8 in below the top edge (they may run over it onto
///   the flap), the bottoms at the bottom of the clear zone (±1/8 in), and no printing in the
///   clear zone but the FIM (the FIM standards as restated from Publication 25 by printer and
///   barcode-software vendors' manuals, checked again for the mailpiece renderer).</item>
/// </list>
/// Not confirmed from a primary source while writing this: whether "2 in" is measured to the
/// rightmost bar's right edge or its centre (the difference, 1/64 in, is well inside the ±1/8 in
/// tolerance — we measure to the right edge), and the exact bounds of the FIM clear zone. We use
/// the commonly cited zone: the top 5/8 in of the piece from 1 3/4 in to 3 in from the right edge,
/// and keep every other mark out of it (P050 4.4: the indicium must not infringe on the FIM area).
/// </remarks>
public static class FacingIdentificationMark
{
    /// <summary>FIM D, the mark for Information-Based Indicia (P050 4.12). True = bar.</summary>
    public static ReadOnlySpan<bool> PatternD => [true, true, true, false, true, false, true, true, true];

    /// <summary>FIM A, for courtesy reply mail (P050 4.12). True = bar.</summary>
    public static ReadOnlySpan<bool> PatternA => [true, true, false, false, true, false, false, true, true];

    /// <summary>Bar width: 1/32 in.</summary>
    public const double BarWidth = 1.0 / 32;

    /// <summary>Distance between successive bar positions (left edge to left edge): 1/16 in.</summary>
    public const double Pitch = 1.0 / 16;

    /// <summary>Bar height: 5/8 in.</summary>
    public const double BarHeight = 5.0 / 8;

    /// <summary>Distance from the right edge of the piece to the right edge of the rightmost bar: 2 in.</summary>
    public const double RightmostBarFromRightEdge = 2.0;

    /// <summary>Near edge of the FIM clear zone, measured from the right edge of the piece: 1 3/4 in.</summary>
    public const double ClearZoneNearEdge = 1.75;

    /// <summary>Far edge of the FIM clear zone, measured from the right edge of the piece: 3 in.</summary>
    public const double ClearZoneFarEdge = 3.0;

    /// <summary>Height of the FIM clear zone from the top edge: 5/8 in.</summary>
    public const double ClearZoneHeight = 5.0 / 8;

    /// <summary>The FIM D bars on a piece <paramref name="pieceWidth"/> inches wide, left to right.</summary>
    public static IReadOnlyList<InchRect> BarsD(double pieceWidth) => Bars(PatternD, pieceWidth);

    /// <summary>The bars of a nine-position <paramref name="pattern"/> on a piece <paramref name="pieceWidth"/> inches wide, left to right.</summary>
    public static IReadOnlyList<InchRect> Bars(ReadOnlySpan<bool> pattern, double pieceWidth)
    {
        var rightmostRight = pieceWidth - RightmostBarFromRightEdge;
        var bars = new List<InchRect>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (!pattern[i]) continue;
            var left = rightmostRight - BarWidth - (pattern.Length - 1 - i) * Pitch;
            bars.Add(new InchRect(left, 0, BarWidth, BarHeight));
        }
        return bars;
    }

    /// <summary>The FIM clear zone on a piece <paramref name="pieceWidth"/> inches wide.</summary>
    public static InchRect ClearZone(double pieceWidth) =>
        new(pieceWidth - ClearZoneFarEdge, 0, ClearZoneFarEdge - ClearZoneNearEdge, ClearZoneHeight);
}
