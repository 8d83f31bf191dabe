namespace Ibis.Barcodes.DataMatrix;

/// <summary>How <see cref="DataMatrixEncoder"/> turns bytes into data codewords.</summary>
public enum DataMatrixEncodation
{
    /// <summary>
    /// The fewest codewords reachable by mixing all six schemes (ASCII with digit pairs and upper
    /// shift, C40, Text, X12, EDIFACT and Base256), end-of-data rules included, and so the smallest
    /// symbol.
    /// </summary>
    Auto = 0,

    /// <summary>ASCII only: digit pairs, and upper shift for bytes 128–255.</summary>
    Ascii = 1,

    /// <summary>A single Base256 segment for the whole payload (latch, length field, bytes).</summary>
    Base256 = 2,

    /// <summary>The shortest mix of ASCII and C40 (upper case, digits and space at two codewords per three characters).</summary>
    C40 = 3,

    /// <summary>The shortest mix of ASCII and Text (as C40 with lower case in the basic set).</summary>
    Text = 4,

    /// <summary>The shortest mix of ASCII and ANSI X12 (upper case, digits, space, CR, '*' and '&gt;').</summary>
    X12 = 5,

    /// <summary>The shortest mix of ASCII and EDIFACT (bytes 32–94 at three codewords per four characters).</summary>
    Edifact = 6,
}

/// <summary>The symbol shapes automatic size selection may choose from.</summary>
public enum DataMatrixShape
{
    /// <summary>The 24 square sizes, 10×10 to 144×144.</summary>
    Square = 0,

    /// <summary>The six rectangular sizes, 8×18 to 16×48 (at most 49 data codewords).</summary>
    Rectangular = 1,

    /// <summary>
    /// All thirty sizes, the one with the fewest data codewords that holds the data; a square when a
    /// square and a rectangle hold the same number.
    /// </summary>
    Any = 2,

    /// <summary>
    /// The six rectangles and the eighteen rectangular extension sizes of ISO/IEC 21471 (DMRE, 8×48 to
    /// 26×64, at most 118 data codewords): the smallest rectangle that holds the data. Readers that
    /// predate DMRE cannot read these; postal profiles do not use them.
    /// </summary>
    RectangularExtended = 3,
}

/// <summary>Options for <see cref="DataMatrixEncoder.Encode"/>.</summary>
public sealed record DataMatrixOptions
{
    /// <summary>The options used when none are given: smallest square symbol, <see cref="DataMatrixEncodation.Auto"/>.</summary>
    public static DataMatrixOptions Default { get; } = new();

    /// <summary>
    /// Forces a square symbol of this many modules per side (10, 12, … 26, 32, 36, … 144), or with
    /// <see cref="Columns"/> the rows of a rectangular one. Null (the default) picks the smallest
    /// symbol of <see cref="Shape"/> that holds the data.
    /// </summary>
    public int? Size { get; init; }

    /// <summary>
    /// With <see cref="Size"/> as the rows, forces a rectangular symbol: 8×18, 8×32, 12×26, 12×36,
    /// 16×36 or 16×48 (rows × columns), or a DMRE size of ISO/IEC 21471 (8×48 … 26×64). Null (the
    /// default) keeps <see cref="Size"/> square.
    /// </summary>
    public int? Columns { get; init; }

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
