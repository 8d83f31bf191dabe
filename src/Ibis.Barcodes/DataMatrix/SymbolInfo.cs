namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// One ECC200 symbol size (ISO/IEC 16022 Table 7): module counts, data-region layout, codeword
/// capacity and Reed–Solomon blocking, plus the cached module placement for that size.
/// </summary>
internal sealed class SymbolInfo
{
    private int[]? _placement;
    private SymbolLayout? _layout;

    private SymbolInfo(int rows, int columns, int regionRows, int regionColumns, int dataCodewords, int eccCodewords, int blocks)
    {
        Rows = rows;
        Columns = columns;
        RegionRows = regionRows;
        RegionColumns = regionColumns;
        RegionsVertical = rows / (regionRows + 2);
        RegionsHorizontal = columns / (regionColumns + 2);
        if (RegionsVertical * (regionRows + 2) != rows || RegionsHorizontal * (regionColumns + 2) != columns)
            throw new ArgumentException("Bad table row.");
        DataCodewords = dataCodewords;
        EccCodewords = eccCodewords;
        Blocks = blocks;
        if ((MappingRows * MappingColumns) / 8 != dataCodewords + eccCodewords || eccCodewords % blocks != 0)
            throw new ArgumentException("Bad table row.");
        Alone = [this];
        AloneCapacity = [dataCodewords];
    }

    /// <summary>This size as the only candidate of a forced selection.</summary>
    public SymbolInfo[] Alone { get; }

    /// <summary>The data capacity of <see cref="Alone"/>.</summary>
    public int[] AloneCapacity { get; }

    /// <summary>Symbol height in modules.</summary>
    public int Rows { get; }

    /// <summary>Symbol width in modules.</summary>
    public int Columns { get; }

    /// <summary>Height of one data region (without its finder and timing border).</summary>
    public int RegionRows { get; }

    /// <summary>Width of one data region (without its finder and timing border).</summary>
    public int RegionColumns { get; }

    public int RegionsVertical { get; }

    public int RegionsHorizontal { get; }

    public int DataCodewords { get; }

    public int EccCodewords { get; }

    public int Blocks { get; }

    public int EccPerBlock => EccCodewords / Blocks;

    public int TotalCodewords => DataCodewords + EccCodewords;

    public bool IsSquare => Rows == Columns;

    /// <summary>Rows of the mapping matrix: the data regions joined without their borders.</summary>
    public int MappingRows => RegionsVertical * RegionRows;

    public int MappingColumns => RegionsHorizontal * RegionColumns;

    /// <summary>
    /// Data codewords in block <paramref name="block"/>. Codeword i of the whole stream belongs to
    /// block i mod Blocks; only 144×144 has unequal blocks (eight of 156, two of 155).
    /// </summary>
    public int DataInBlock(int block) => DataCodewords / Blocks + (block < DataCodewords % Blocks ? 1 : 0);

    /// <summary>
    /// For each mapping-matrix position (row-major), codeword index × 8 + bit shift (7 = most
    /// significant), or <see cref="Placement.FixedLight"/> / <see cref="Placement.FixedDark"/>.
    /// </summary>
    public ReadOnlySpan<int> Placement
    {
        get
        {
            var p = Volatile.Read(ref _placement);
            if (p is null)
            {
                p = DataMatrix.Placement.Build(MappingRows, MappingColumns);
                Interlocked.CompareExchange(ref _placement, p, null);
            }
            return p;
        }
    }

    /// <summary>The fixed patterns and the cell of every codeword bit, for drawing (built once per size).</summary>
    public SymbolLayout Layout
    {
        get
        {
            var layout = Volatile.Read(ref _layout);
            if (layout is null)
            {
                layout = SymbolLayout.Build(this);
                Interlocked.CompareExchange(ref _layout, layout, null);
            }
            return layout;
        }
    }

    /// <summary>All sizes, squares first in ascending order, then rectangles.</summary>
    public static IReadOnlyList<SymbolInfo> All { get; } =
    [
        new(10, 10, 8, 8, 3, 5, 1),
        new(12, 12, 10, 10, 5, 7, 1),
        new(14, 14, 12, 12, 8, 10, 1),
        new(16, 16, 14, 14, 12, 12, 1),
        new(18, 18, 16, 16, 18, 14, 1),
        new(20, 20, 18, 18, 22, 18, 1),
        new(22, 22, 20, 20, 30, 20, 1),
        new(24, 24, 22, 22, 36, 24, 1),
        new(26, 26, 24, 24, 44, 28, 1),
        new(32, 32, 14, 14, 62, 36, 1),
        new(36, 36, 16, 16, 86, 42, 1),
        new(40, 40, 18, 18, 114, 48, 1),
        new(44, 44, 20, 20, 144, 56, 1),
        new(48, 48, 22, 22, 174, 68, 1),
        new(52, 52, 24, 24, 204, 84, 2),
        new(64, 64, 14, 14, 280, 112, 2),
        new(72, 72, 16, 16, 368, 144, 4),
        new(80, 80, 18, 18, 456, 192, 4),
        new(88, 88, 20, 20, 576, 224, 4),
        new(96, 96, 22, 22, 696, 272, 4),
        new(104, 104, 24, 24, 816, 336, 6),
        new(120, 120, 18, 18, 1050, 408, 6),
        new(132, 132, 20, 20, 1304, 496, 8),
        new(144, 144, 22, 22, 1558, 620, 10),
        new(8, 18, 6, 16, 5, 7, 1),
        new(8, 32, 6, 14, 10, 11, 1),
        new(12, 26, 10, 24, 16, 14, 1),
        new(12, 36, 10, 16, 22, 18, 1),
        new(16, 36, 14, 16, 32, 24, 1),
        new(16, 48, 14, 22, 49, 28, 1),
    ];

    /// <summary>
    /// The Data Matrix rectangular extension sizes (DMRE, ISO/IEC 21471): eighteen more rectangles,
    /// 8×48 to 26×64, each one Reed–Solomon block. Not in ISO/IEC 16022 and so never chosen unless
    /// asked for (<see cref="DataMatrixShape.RectangularExtended"/>, or a forced size); always read.
    /// </summary>
    public static IReadOnlyList<SymbolInfo> Dmre { get; } =
    [
        new(8, 48, 6, 22, 18, 15, 1),
        new(8, 64, 6, 14, 24, 18, 1),
        new(8, 80, 6, 18, 32, 22, 1),
        new(8, 96, 6, 22, 38, 28, 1),
        new(8, 120, 6, 18, 49, 32, 1),
        new(8, 144, 6, 22, 63, 36, 1),
        new(12, 64, 10, 14, 43, 27, 1),
        new(12, 88, 10, 20, 64, 36, 1),
        new(16, 64, 14, 14, 62, 36, 1),
        new(20, 36, 18, 16, 44, 28, 1),
        new(20, 44, 18, 20, 56, 34, 1),
        new(20, 64, 18, 14, 84, 42, 1),
        new(22, 48, 20, 22, 72, 38, 1),
        new(24, 48, 22, 22, 80, 41, 1),
        new(24, 64, 22, 14, 108, 46, 1),
        new(26, 40, 24, 18, 70, 38, 1),
        new(26, 48, 24, 22, 90, 42, 1),
        new(26, 64, 24, 14, 118, 50, 1),
    ];

    /// <summary>Every size a reader looks for: ISO/IEC 16022's thirty, then the DMRE rectangles.</summary>
    public static IReadOnlyList<SymbolInfo> Readable { get; } = [.. All, .. Dmre];

    public static SymbolInfo Largest => All[23];

    /// <summary>The sizes automatic selection considers for each <see cref="DataMatrixShape"/>, by data capacity (squares first on a tie).</summary>
    public static SymbolInfo[] ForShape(DataMatrixShape shape) => shape switch
    {
        DataMatrixShape.Rectangular => Rectangles,
        DataMatrixShape.RectangularExtended => ExtendedRectangles,
        DataMatrixShape.Any => AllByCapacity,
        _ => Squares,
    };

    /// <summary>The data capacities of <see cref="ForShape"/>, in the same order.</summary>
    public static int[] CapacitiesForShape(DataMatrixShape shape) => shape switch
    {
        DataMatrixShape.Rectangular => RectangleCapacities,
        DataMatrixShape.RectangularExtended => ExtendedRectangleCapacities,
        DataMatrixShape.Any => AllCapacities,
        _ => SquareCapacities,
    };

    private static readonly SymbolInfo[] Squares = [.. All.Where(s => s.IsSquare)];
    private static readonly SymbolInfo[] Rectangles = [.. All.Where(s => !s.IsSquare)];
    // Fewest data codewords first; on a tie the ISO/IEC 16022 size (listed first) stays first.
    private static readonly SymbolInfo[] ExtendedRectangles = [.. Rectangles.Concat(Dmre).OrderBy(s => s.DataCodewords)];
    private static readonly int[] ExtendedRectangleCapacities = [.. ExtendedRectangles.Select(s => s.DataCodewords)];
    private static readonly SymbolInfo[] AllByCapacity = [.. All.OrderBy(s => s.DataCodewords).ThenBy(s => s.IsSquare ? 0 : 1)];
    private static readonly int[] SquareCapacities = [.. Squares.Select(s => s.DataCodewords)];
    private static readonly int[] RectangleCapacities = [.. Rectangles.Select(s => s.DataCodewords)];
    private static readonly int[] AllCapacities = [.. AllByCapacity.Select(s => s.DataCodewords)];

    public const int MaxDataCodewords = 1558;

    public const int MaxTotalCodewords = 2178;

    public static SymbolInfo? Find(int rows, int columns)
    {
        foreach (var s in Readable)
            if (s.Rows == rows && s.Columns == columns) return s;
        return null;
    }

    public override string ToString() => $"{Rows}x{Columns}";
}
