namespace Ibis.Barcodes.DataMatrix;

/// <summary>How <see cref="DataMatrixEncoder"/> turns bytes into data codewords.</summary>
public enum DataMatrixEncodation
{
    /// <summary>
    /// The fewest codewords reachable by mixing ASCII (with digit pairs and upper shift) and
    /// Base256 segments.
    /// </summary>
    Auto = 0,

    /// <summary>ASCII only: digit pairs, and upper shift for bytes 128–255.</summary>
    Ascii = 1,

    /// <summary>A single Base256 segment for the whole payload (latch, length field, bytes).</summary>
    Base256 = 2,
}

/// <summary>The symbol shapes automatic size selection may choose from.</summary>
public enum DataMatrixShape
{
    /// <summary>The 24 square sizes, 10×10 to 144×144.</summary>
    Square = 0,

    /// <summary>The six rectangular sizes, 8×18 to 16×48 (at most 49 data codewords).</summary>
    Rectangular = 1,
}

/// <summary>Options for <see cref="DataMatrixEncoder.Encode"/>.</summary>
public sealed record DataMatrixOptions
{
    /// <summary>The options used when none are given: smallest square symbol, <see cref="DataMatrixEncodation.Auto"/>.</summary>
    public static DataMatrixOptions Default { get; } = new();

    /// <summary>
    /// Forces a square symbol of this many modules per side (10, 12, … 26, 32, 36, … 144). Null (the
    /// default) picks the smallest square symbol that holds the data.
    /// </summary>
    public int? Size { get; init; }

    /// <summary>The encodation scheme; <see cref="DataMatrixEncodation.Auto"/> unless a profile fixes it.</summary>
    public DataMatrixEncodation Encodation { get; init; } = DataMatrixEncodation.Auto;

    /// <summary>
    /// Which sizes automatic selection considers when no <see cref="Size"/> is forced. Square by
    /// default: postal profiles are square only.
    /// </summary>
    public DataMatrixShape Shape { get; init; } = DataMatrixShape.Square;

    /// <summary>
    /// 144×144 only: place the check codewords as ISO/IEC 16022 lays them out (check codeword j in
    /// block j mod 10) instead of the default "de facto" layout that continues the data interleave
    /// (block (1558 + j) mod 10), which zint, BWIPP and ZXing produce and most readers expect. libdmtx
    /// reads only the ISO layout. No other size is affected.
    /// </summary>
    public bool Iso144Interleaving { get; init; }
}
