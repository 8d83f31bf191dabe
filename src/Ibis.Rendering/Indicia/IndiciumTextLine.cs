using SkiaSharp;

namespace Ibis.Rendering.Indicia;

/// <summary>One line of text, placed on the page.</summary>
/// <param name="Text">The text as drawn.</param>
/// <param name="Bold">Bold face.</param>
/// <param name="SizePoints">Font size in points, after shrinking to fit the column.</param>
/// <param name="Left">Left edge of the text origin, inches from the left of the page (or block).</param>
/// <param name="Baseline">Baseline, inches from the top of the page (or block).</param>
public sealed record IndiciumTextLine(string Text, bool Bold, double SizePoints, double Left, double Baseline);

/// <summary>Fonts configured identically for measuring and drawing, so layout matches output at any scale.</summary>
internal static class TextMetrics
{
    public static SKFont Font(bool bold, float sizePoints) => new(EmbeddedFonts.Get(bold), sizePoints)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.Antialias,
    };
}
