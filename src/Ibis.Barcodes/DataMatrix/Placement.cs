namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// The ECC200 module placement (ISO/IEC 16022 Annex F): codewords are laid in the mapping matrix
/// as "utah"-shaped 8-module groups along diagonals, with four special shapes at the corners and
/// wrap-around at the edges. The result is computed once per size and shared by encoder and reader.
/// </summary>
internal static class Placement
{
    public const int FixedLight = -1;
    public const int FixedDark = -2;

    private const int Unset = int.MinValue;

    public static int[] Build(int nrow, int ncol)
    {
        var map = new int[nrow * ncol];
        Array.Fill(map, Unset);
        var builder = new Builder(map, nrow, ncol);
        builder.Run();
        // The walk leaves the bottom-right 2×2 empty for some sizes; the standard fills it with a
        // fixed checker (dark at the corner and diagonally inward).
        if (map[nrow * ncol - 1] == Unset)
        {
            map[nrow * ncol - 1] = FixedDark;
            map[(nrow - 1) * ncol - 2] = FixedDark;
            map[nrow * ncol - 2] = FixedLight;
            map[(nrow - 1) * ncol - 1] = FixedLight;
        }
        for (var i = 0; i < map.Length; i++)
            if (map[i] == Unset) throw new InvalidOperationException($"Placement left module {i} empty for {nrow}x{ncol}.");
        return map;
    }

    private readonly ref struct Builder(int[] map, int nrow, int ncol)
    {
        private readonly int[] _map = map;

        public void Run()
        {
            int codeword = 0, row = 4, col = 0;
            do
            {
                if (row == nrow && col == 0) CornerA(codeword++);
                if (row == nrow - 2 && col == 0 && ncol % 4 != 0) CornerB(codeword++);
                if (row == nrow - 2 && col == 0 && ncol % 8 == 4) CornerC(codeword++);
                if (row == nrow + 4 && col == 2 && ncol % 8 == 0) CornerD(codeword++);

                // Up and to the right.
                do
                {
                    if (row < nrow && col >= 0 && _map[row * ncol + col] == Unset) Utah(row, col, codeword++);
                    row -= 2;
                    col += 2;
                } while (row >= 0 && col < ncol);
                row += 1;
                col += 3;

                // Down and to the left.
                do
                {
                    if (row >= 0 && col < ncol && _map[row * ncol + col] == Unset) Utah(row, col, codeword++);
                    row += 2;
                    col -= 2;
                } while (row < nrow && col >= 0);
                row += 3;
                col += 1;
            } while (row < nrow || col < ncol);
        }

        /// <summary>Places bit <paramref name="bit"/> (1 = most significant) of a codeword, wrapping at the edges.</summary>
        private void Module(int row, int col, int codeword, int bit)
        {
            if (row < 0)
            {
                row += nrow;
                col += 4 - ((nrow + 4) % 8);
            }
            if (col < 0)
            {
                col += ncol;
                row += 4 - ((ncol + 4) % 8);
            }
            // Only the DMRE sizes whose mapping matrix is 24 rows by a width of 4 mod 8 (26×40, 26×48,
            // 26×64: ISO/IEC 21471) push a wrapped module past the bottom; it continues at the top.
            if (row >= nrow) row -= nrow;
            _map[row * ncol + col] = (codeword << 3) | (8 - bit);
        }

        private void Utah(int row, int col, int cw)
        {
            Module(row - 2, col - 2, cw, 1);
            Module(row - 2, col - 1, cw, 2);
            Module(row - 1, col - 2, cw, 3);
            Module(row - 1, col - 1, cw, 4);
            Module(row - 1, col, cw, 5);
            Module(row, col - 2, cw, 6);
            Module(row, col - 1, cw, 7);
            Module(row, col, cw, 8);
        }

        private void CornerA(int cw)
        {
            Module(nrow - 1, 0, cw, 1);
            Module(nrow - 1, 1, cw, 2);
            Module(nrow - 1, 2, cw, 3);
            Module(0, ncol - 2, cw, 4);
            Module(0, ncol - 1, cw, 5);
            Module(1, ncol - 1, cw, 6);
            Module(2, ncol - 1, cw, 7);
            Module(3, ncol - 1, cw, 8);
        }

        private void CornerB(int cw)
        {
            Module(nrow - 3, 0, cw, 1);
            Module(nrow - 2, 0, cw, 2);
            Module(nrow - 1, 0, cw, 3);
            Module(0, ncol - 4, cw, 4);
            Module(0, ncol - 3, cw, 5);
            Module(0, ncol - 2, cw, 6);
            Module(0, ncol - 1, cw, 7);
            Module(1, ncol - 1, cw, 8);
        }

        private void CornerC(int cw)
        {
            Module(nrow - 3, 0, cw, 1);
            Module(nrow - 2, 0, cw, 2);
            Module(nrow - 1, 0, cw, 3);
            Module(0, ncol - 2, cw, 4);
            Module(0, ncol - 1, cw, 5);
            Module(1, ncol - 1, cw, 6);
            Module(2, ncol - 1, cw, 7);
            Module(3, ncol - 1, cw, 8);
        }

        private void CornerD(int cw)
        {
            Module(nrow - 1, 0, cw, 1);
            Module(nrow - 1, ncol - 1, cw, 2);
            Module(0, ncol - 3, cw, 3);
            Module(0, ncol - 2, cw, 4);
            Module(0, ncol - 1, cw, 5);
            Module(1, ncol - 3, cw, 6);
            Module(1, ncol - 2, cw, 7);
            Module(1, ncol - 1, cw, 8);
        }
    }
}
