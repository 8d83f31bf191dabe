using System.Globalization;

namespace Ibis.Domain.Quality;

/// <summary>
/// Where the indicium's barcode sits on a scanned mailpiece, in inches from the piece's top-left corner (address
/// side up), with its rotation and the clear zone measured around it. <see cref="PieceWidth"/> and
/// <see cref="PieceHeight"/> are null when the scan does not show a whole piece (a crop of the indicium only), and
/// then the position is not judged.
/// </summary>
/// <param name="PieceWidth">Width of the piece in inches, null when the scan is not a whole piece.</param>
/// <param name="PieceHeight">Height of the piece in inches, null when the scan is not a whole piece.</param>
/// <param name="Left">Left of the barcode, inches from the piece's left edge.</param>
/// <param name="Top">Top of the barcode, inches from the piece's top edge.</param>
/// <param name="Right">Right of the barcode, inches from the piece's left edge.</param>
/// <param name="Bottom">Bottom of the barcode, inches from the piece's top edge.</param>
/// <param name="RotationDegrees">Direction of the symbol's bottom edge, clockwise (0 = upright).</param>
/// <param name="ModuleInches">The symbol's module size.</param>
/// <param name="QuietZoneInk">Share (0–1) of the one-module band around the symbol that is printed on.</param>
public sealed record IndiciumPlacement(
    double? PieceWidth, double? PieceHeight, double Left, double Top, double Right, double Bottom, double RotationDegrees, double ModuleInches, double QuietZoneInk)
{
    /// <summary>P050 4.4: at least ¼ in from the right edge and from the top edge of the piece.</summary>
    public const double EdgeInches = 0.25;

    /// <summary>P050 4.4 "The indicia barcode must be horizontally oriented": a scan may be a little skewed, no more.</summary>
    public const double MaxRotationDegrees = 5;

    /// <summary>ISO/IEC 16022 §7.4 (the quiet zone of one module on every side) — a little ink from dust or a stray dot is tolerated.</summary>
    public const double MaxQuietZoneInk = 0.05;

    /// <summary>DMM 201.1.1: the smallest letter is 5 × 3½ in; a smaller scan is a crop of the indicium, not a piece.</summary>
    public const double MinPieceWidth = 5, MinPieceHeight = 3.5;

    /// <summary>The FIM clear zone (DMM 708.9; P050 4.4): 1¾ to 3 in from the right edge, the top ⅝ in.</summary>
    public const double FimZoneNear = 1.75, FimZoneFar = 3.0, FimZoneHeight = 0.625;

    /// <summary>The barcode clear zone (P050 4.4 "OCR clear zone", DMM 202.5): the bottom ⅝ in, 4¾ in from the right edge.</summary>
    public const double BarcodeZoneHeight = 0.625, BarcodeZoneWidth = 4.75;

    public bool WholePiece => PieceWidth is not null && PieceHeight is not null;

    /// <summary>From the top edge of the piece to the top of the barcode.</summary>
    public double? FromTop => WholePiece ? Top : null;

    /// <summary>From the right edge of the piece to the right of the barcode.</summary>
    public double? FromRight => PieceWidth is { } w ? w - Right : null;

    /// <summary>What is out of tolerance, each in words the licensee can act on, citing the rule.</summary>
    public IReadOnlyList<string> Deficiencies()
    {
        var found = new List<string>();
        var tilt = Math.Min(RotationDegrees % 360, 360 - RotationDegrees % 360);
        if (tilt > MaxRotationDegrees)
            found.Add(F($"the indicium barcode is turned {tilt:0.#}° from horizontal; it must be horizontally oriented (P050 4.4)"));
        if (QuietZoneInk > MaxQuietZoneInk)
            found.Add(F($"the clear zone around the barcode is printed on ({QuietZoneInk:P0} of the one-module margin); keep it clear of print (ISO/IEC 16022 quiet zone)"));
        if (PieceWidth is not { } w || PieceHeight is not { } h) return found;

        if (Top < EdgeInches)
            found.Add(F($"the indicium is {Top:0.00} in from the top edge; it must be at least {EdgeInches:0.00} in (P050 4.4)"));
        if (w - Right < EdgeInches)
            found.Add(F($"the indicium is {w - Right:0.00} in from the right edge; it must be at least {EdgeInches:0.00} in (P050 4.4)"));
        var (cx, cy) = ((Left + Right) / 2, (Top + Bottom) / 2);
        if (cx < w / 2 || cy > h / 2)
            found.Add(F($"the indicium is not in the upper right corner of the piece (its centre is {w - cx:0.00} in from the right and {cy:0.00} in from the top of a {w:0.##} × {h:0.##} in piece) (P050 4.4)"));
        if (Overlaps(w - FimZoneFar, 0, w - FimZoneNear, FimZoneHeight))
            found.Add("the indicium infringes on the FIM clear zone, 1¾ to 3 in from the right edge in the top ⅝ in (P050 4.4)");
        if (Overlaps(w - BarcodeZoneWidth, h - BarcodeZoneHeight, w, h))
            found.Add("the indicium infringes on the barcode clear zone, the bottom ⅝ in of the piece for 4¾ in from the right edge (P050 4.4)");
        return found;
    }

    private bool Overlaps(double left, double top, double right, double bottom) => Left < right && Right > left && Top < bottom && Bottom > top;

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
