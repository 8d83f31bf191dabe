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
