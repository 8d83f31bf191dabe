namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// Choices for <see cref="Pdf417Encoder.Encode(ReadOnlySpan{byte}, Pdf417Options?)"/>. Every property
/// is optional; the defaults give the ISO/IEC 15438 recommended error correction and a symbol about
/// three times as wide as it is tall.
/// </summary>
public sealed record Pdf417Options
{
    /// <summary>The options used when none are given.</summary>
    public static Pdf417Options Default { get; } = new();

    /// <summary>
    /// Error-correction level 0–8 (2^(level+1) check codewords), or null for the level that
    /// ISO/IEC 15438:2015 Annex E recommends for the number of data codewords.
    /// </summary>
    public int? ErrorCorrectionLevel { get; init; }

    /// <summary>Data columns 1–30, or null to choose them for <see cref="AspectRatio"/>.</summary>
    public int? Columns { get; init; }

    /// <summary>Rows 3–90, or null to choose them for <see cref="AspectRatio"/>.</summary>
    public int? Rows { get; init; }

    /// <summary>
    /// Target width ÷ height of the symbol in modules (quiet zone excluded, rows
    /// <see cref="RowHeight"/> modules tall). Default 3.
    /// </summary>
    public double AspectRatio { get; init; } = 3.0;

    /// <summary>Height of each row in modules, 1–10. ISO/IEC 15438 asks for at least 3 (the default).</summary>
    public int RowHeight { get; init; } = 3;
}
