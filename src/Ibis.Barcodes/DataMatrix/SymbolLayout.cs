namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// One size's drawing, flattened for the encoder: the finder and timing patterns (and the fixed
/// corner checker) as a ready matrix, and for every codeword bit the matrix cell it lands in. Drawing
/// a symbol is then a copy and one store per bit, with no placement walk or region arithmetic.
/// </summary>
internal sealed class SymbolLayout
{
    private SymbolLayout(bool[] template, int[] cells)
    {
        Template = template;
        Cells = cells;
    }

    /// <summary>Fixed modules of the whole symbol, row-major; data cells are light.</summary>
    public bool[] Template { get; }

    /// <summary>Matrix index (row-major) of codeword bit p, indexed like <see cref="SymbolInfo.Placement"/> values (codeword × 8 + shift).</summary>
    public int[] Cells { get; }

    public static SymbolLayout Build(SymbolInfo symbol)
    {
        int rows = symbol.Rows, columns = symbol.Columns;
        int rr = symbol.RegionRows, rc = symbol.RegionColumns;
        var template = new bool[rows * columns];
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
                    template[(y0 + dy) * columns + x0] = true;
                    template[(y0 + dy) * columns + x0 + rc + 1] = (dy & 1) == 1;
                }
                for (var dx = 0; dx < rc + 2; dx++)
                {
                    template[(y0 + rr + 1) * columns + x0 + dx] = true;
                    template[y0 * columns + x0 + dx] = (dx & 1) == 0;
                }
            }
        }

        var cells = new int[symbol.TotalCodewords * 8];
        Array.Fill(cells, -1);
        var placement = symbol.Placement;
        var mc = symbol.MappingColumns;
        for (var r = 0; r < symbol.MappingRows; r++)
        {
            var y = r / rr * (rr + 2) + 1 + r % rr;
            for (var c = 0; c < mc; c++)
            {
                var p = placement[r * mc + c];
                var index = y * columns + c / rc * (rc + 2) + 1 + c % rc;
                if (p >= 0) cells[p] = index;
                else template[index] = p == Placement.FixedDark;
            }
        }
        // Every codeword has all eight bits in the symbol (the mapping matrix holds 8 × total codewords).
        if (Array.IndexOf(cells, -1) >= 0) throw new InvalidOperationException($"Placement misses a codeword bit for {symbol}.");
        return new SymbolLayout(template, cells);
    }

    /// <summary>Draws <paramref name="codewords"/> (all data and check codewords) into a new matrix.</summary>
    public BitMatrix Draw(SymbolInfo symbol, ReadOnlySpan<byte> codewords)
    {
        var modules = (bool[])Template.Clone();
        ReadOnlySpan<int> cells = Cells;
        var count = Math.Min(codewords.Length, cells.Length / 8);
        for (var i = 0; i < count; i++)
        {
            int c = codewords[i];
            var bits = cells.Slice(i * 8, 8);
            // Cells[codeword × 8 + shift]: bit "shift" of the codeword.
            modules[bits[0]] = (c & 1) != 0;
            modules[bits[1]] = (c & 2) != 0;
            modules[bits[2]] = (c & 4) != 0;
            modules[bits[3]] = (c & 8) != 0;
            modules[bits[4]] = (c & 16) != 0;
            modules[bits[5]] = (c & 32) != 0;
            modules[bits[6]] = (c & 64) != 0;
            modules[bits[7]] = (c & 128) != 0;
        }
        return new BitMatrix(symbol.Columns, symbol.Rows, modules);
    }
}
