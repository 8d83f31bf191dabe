namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Data Matrix ECC200 encoder (ISO/IEC 16022): bytes → data codewords → Reed–Solomon blocks →
/// module placement → finder and timing patterns.
/// </summary>
public static class DataMatrixEncoder
{
    /// <summary>The square side lengths ECC200 defines, smallest first.</summary>
    public static IReadOnlyList<int> SquareSizes { get; } =
        [.. SymbolInfo.All.Where(s => s.IsSquare).Select(s => s.Rows)];

    /// <summary>
    /// Encodes <paramref name="data"/> as an ECC200 symbol and returns its modules (true = dark),
    /// without quiet zone.
    /// </summary>
    /// <param name="data">The payload; any bytes.</param>
    /// <param name="options">Size, encodation and shape; <see cref="DataMatrixOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">
    /// The data does not fit in 144×144 (or in the forced size), or the forced size or encodation
    /// is not defined.
    /// </exception>
    public static BitMatrix Encode(ReadOnlySpan<byte> data, DataMatrixOptions? options = null)
    {
        Span<byte> codewords = stackalloc byte[SymbolInfo.MaxTotalCodewords];
        var symbol = EncodeCodewords(data, options ?? DataMatrixOptions.Default, codewords);
        return Render(symbol, codewords[..symbol.TotalCodewords]);
    }

    /// <summary>
    /// Everything but the drawing: fills <paramref name="codewords"/> (at least
    /// <see cref="SymbolInfo.MaxTotalCodewords"/> long) with data, padding and interleaved check
    /// codewords and returns the chosen size.
    /// </summary>
    internal static SymbolInfo EncodeCodewords(ReadOnlySpan<byte> data, DataMatrixOptions options, Span<byte> codewords)
    {
        if (!Enum.IsDefined(options.Encodation))
            throw new ArgumentException($"Unknown encodation {options.Encodation}.", nameof(options));
        if (!Enum.IsDefined(options.Shape))
            throw new ArgumentException($"Unknown shape {options.Shape}.", nameof(options));

        SymbolInfo[] sizes;
        int[] capacities;
        SymbolInfo? forced = null;
        if (options.Size is { } rows)
        {
            var columns = options.Columns ?? rows;
            forced = SymbolInfo.Find(rows, columns)
                ?? throw new ArgumentException($"{rows}x{columns} is not an ECC200 size.", nameof(options));
            sizes = forced.Alone;
            capacities = forced.AloneCapacity;
        }
        else if (options.Columns is not null)
        {
            throw new ArgumentException("Columns needs Size (the rows).", nameof(options));
        }
        else
        {
            sizes = SymbolInfo.ForShape(options.Shape);
            capacities = SymbolInfo.CapacitiesForShape(options.Shape);
        }

        var largest = capacities[^1];
        int count, chosen;
        switch (options.Encodation)
        {
            case DataMatrixEncodation.Ascii:
                count = Encodation.EncodeAsciiOnly(data, codewords[..largest]);
                chosen = Smallest(capacities, count);
                break;
            case DataMatrixEncodation.Base256:
                count = data.Length > largest ? -1 : Encodation.EncodeBase256Only(data, codewords[..largest]);
                chosen = Smallest(capacities, count);
                break;
            default:
                count = ShortestEncoder.Encode(data, Encodation.SchemesFor(options.Encodation), capacities, codewords[..largest], out chosen);
                break;
        }
        if (count < 0)
        {
            throw new ArgumentException(
                $"{data.Length} bytes do not fit in a {sizes[^1]} Data Matrix symbol " +
                $"({largest} data codewords) with {options.Encodation} encodation.",
                nameof(data));
        }

        var symbol = sizes[chosen];
        Encodation.AddPadding(codewords, count, symbol.DataCodewords);
        AddErrorCorrection(symbol, codewords[..symbol.TotalCodewords], options.Iso144Interleaving);
        return symbol;
    }

    /// <summary>Index of the first capacity that holds <paramref name="count"/> codewords (-1 stays -1).</summary>
    private static int Smallest(ReadOnlySpan<int> capacities, int count)
    {
        if (count < 0) return -1;
        for (var k = 0; k < capacities.Length; k++)
            if (capacities[k] >= count) return k;
        return -1;
    }

    /// <summary>
    /// Computes the check codewords in place after the data. Codeword i of the whole stream belongs to
    /// block i mod Blocks, for check codewords too; for 144×144 (1558 data codewords, not a multiple
    /// of ten) this is the layout that deployed readers expect, with the check codewords of block b
    /// starting at (b - 1558) mod 10. With <paramref name="isoLayout"/> the check codewords of block b
    /// start at b instead (identical for every other size).
    /// </summary>
    internal static void AddErrorCorrection(SymbolInfo symbol, Span<byte> codewords, bool isoLayout = false)
    {
        var blocks = symbol.Blocks;
        var eccLength = symbol.EccPerBlock;
        var dataCount = symbol.DataCodewords;
        if (blocks == 1)
        {
            ReedSolomon.Encode(codewords[..dataCount], codewords.Slice(dataCount, eccLength));
            return;
        }
        Span<byte> blockData = stackalloc byte[256];
        Span<byte> ecc = stackalloc byte[eccLength];
        for (var b = 0; b < blocks; b++)
        {
            var n = 0;
            for (var i = b; i < dataCount; i += blocks) blockData[n++] = codewords[i];
            ReedSolomon.Encode(blockData[..n], ecc);
            var first = isoLayout ? b : ((b - dataCount) % blocks + blocks) % blocks;
            for (var k = 0; k < eccLength; k++) codewords[dataCount + first + k * blocks] = ecc[k];
        }
    }

    internal static BitMatrix Render(SymbolInfo symbol, ReadOnlySpan<byte> codewords) => symbol.Layout.Draw(symbol, codewords);

    /// <summary>
    /// Draws the symbol module by module from the placement map: the reference that
    /// <see cref="SymbolLayout"/> is tested against.
    /// </summary>
    internal static BitMatrix RenderByPlacement(SymbolInfo symbol, ReadOnlySpan<byte> codewords)
    {
        var matrix = new BitMatrix(symbol.Columns, symbol.Rows);
        int rr = symbol.RegionRows, rc = symbol.RegionColumns;

        // Each data region has a solid L on its left and bottom edges and alternating modules on its
        // top and right edges, starting dark at the top-left corner (5.4.3).
        for (var ry = 0; ry < symbol.RegionsVertical; ry++)
        {
            var y0 = ry * (rr + 2);
            for (var rx = 0; rx < symbol.RegionsHorizontal; rx++)
            {
                var x0 = rx * (rc + 2);
                for (var dy = 0; dy < rr + 2; dy++)
                {
                    matrix[x0, y0 + dy] = true;
                    matrix[x0 + rc + 1, y0 + dy] = (dy & 1) == 1;
                }
                for (var dx = 0; dx < rc + 2; dx++)
                {
                    matrix[x0 + dx, y0 + rr + 1] = true;
                    matrix[x0 + dx, y0] = (dx & 1) == 0;
                }
            }
        }

        var placement = symbol.Placement;
        var mc = symbol.MappingColumns;
        for (var r = 0; r < symbol.MappingRows; r++)
        {
            var y = r / rr * (rr + 2) + 1 + r % rr;
            for (var c = 0; c < mc; c++)
            {
                var p = placement[r * mc + c];
                var dark = p >= 0 ? ((codewords[p >> 3] >> (p & 7)) & 1) != 0 : p == Placement.FixedDark;
                if (dark) matrix[c / rc * (rc + 2) + 1 + c % rc, y] = true;
            }
        }
        return matrix;
    }
}
