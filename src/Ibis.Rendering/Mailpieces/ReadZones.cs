namespace Ibis.Rendering.Mailpieces;

/// <summary>
/// The areas of a letter-size piece that mail processing reads and that P050 4.4 keeps the indicium
/// out of, in inches from the top-left corner of the address side.
/// </summary>
/// <remarks>
/// Dimensions from DMM 202 and Publication 28 (appendix A1), as published by the Postal Service:
/// the OCR read area runs from ⅝ in to 2¾ in above the bottom edge with ½ in margins left and right;
/// the barcode clear zone, where the OCR sprays the delivery barcode, is the bottom ⅝ in of the
/// piece for 4¾ in from the right edge. The FIM clear zone is in <see cref="Indicia.FacingIdentificationMark"/>.
/// </remarks>
public static class ReadZones
{
    /// <summary>Height of the barcode clear zone above the bottom edge: ⅝ in.</summary>
    public const double BarcodeClearZoneHeightInches = 0.625;

    /// <summary>Width of the barcode clear zone from the right edge: 4¾ in.</summary>
    public const double BarcodeClearZoneWidthInches = 4.75;

    /// <summary>Top of the OCR read area above the bottom edge: 2¾ in.</summary>
    public const double OcrReadAreaTopFromBottomInches = 2.75;

    /// <summary>Left and right margins of the OCR read area: ½ in.</summary>
    public const double OcrReadAreaSideMarginInches = 0.5;

    /// <summary>P050 4.8 and 4.9: REDATE and correction indicia at least 20 mm from the bottom edge.</summary>
    public const double NonAddressSideBottomInches = 20 / 25.4;

    /// <summary>P050 4.4: at least ¼ in from the right and top edges.</summary>
    public const double EdgeInches = 0.25;

    /// <summary>The barcode clear zone ("OCR clear zone", P050 4.4) of a letter <paramref name="width"/> × <paramref name="height"/> in.</summary>
    public static InchRect BarcodeClearZone(double width, double height) =>
        new(width - BarcodeClearZoneWidthInches, height - BarcodeClearZoneHeightInches, BarcodeClearZoneWidthInches, BarcodeClearZoneHeightInches);

    /// <summary>The OCR read area of a letter <paramref name="width"/> × <paramref name="height"/> in, where the delivery address goes.</summary>
    public static InchRect OcrReadArea(double width, double height) =>
        new(OcrReadAreaSideMarginInches, Math.Max(0, height - OcrReadAreaTopFromBottomInches),
            width - 2 * OcrReadAreaSideMarginInches, Math.Min(height, OcrReadAreaTopFromBottomInches) - BarcodeClearZoneHeightInches);
}
