namespace Ibis.Rendering;

/// <summary>The file format a renderer writes.</summary>
public enum RenderFormat
{
    /// <summary>8-bit grayscale PNG with a pHYs chunk recording the resolution.</summary>
    Png,

    /// <summary>SVG 1.1; text is drawn as outlines so the file looks the same everywhere.</summary>
    Svg,

    /// <summary>PDF, one page; text is drawn as outlines, so no font is embedded.</summary>
    Pdf,
}

/// <summary>What the artwork is printed on.</summary>
public enum RenderMedium
{
    /// <summary>Just the indicium (barcode and human-readable block) with a small white margin, for labels.</summary>
    IndiciumOnly,

    /// <summary>A #10 envelope, 9.5 × 4.125 in: indicium in the upper right corner plus FIM D (P050 4.4, 4.12).</summary>
    Envelope10,
}
