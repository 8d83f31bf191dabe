namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// From the codewords read off a symbol to its bytes: de-interleave, Reed–Solomon correct, decode.
/// </summary>
internal static class SymbolDecoder
{
    public static DataMatrixReadResult Decode(SymbolInfo symbol, ReadOnlySpan<byte> codewords)
    {
        var size = (symbol.Columns, symbol.Rows);
        Span<byte> corrected = stackalloc byte[SymbolInfo.MaxDataCodewords];
        corrected = corrected[..symbol.DataCodewords];

        var fixes = Correct(symbol, codewords, corrected, isoLayout: false);
        // 144×144 exists in two check-codeword layouts; the other one is worth a try.
        if (fixes < 0 && symbol.DataCodewords % symbol.Blocks != 0)
            fixes = Correct(symbol, codewords, corrected, isoLayout: true);
        if (fixes < 0)
            return DataMatrixReadResult.Fail("Too many errors for Reed–Solomon correction.", size);

        return CodewordDecoder.TryDecode(corrected, out var data, out var error)
            ? DataMatrixReadResult.Ok(data, fixes, size)
            : DataMatrixReadResult.Fail(error ?? "Undecodable data codewords.", size);
    }

    /// <summary>Corrects every block; returns the total number of repaired codewords or -1.</summary>
    internal static int Correct(SymbolInfo symbol, ReadOnlySpan<byte> codewords, Span<byte> dataOut, bool isoLayout) =>
        Correct(symbol, codewords, dataOut, isoLayout, []);

    /// <summary>
    /// As <see cref="Correct(SymbolInfo, ReadOnlySpan{byte}, Span{byte}, bool)"/>, also writing each
    /// block's repaired codewords to <paramref name="perBlock"/> when it is at least Blocks long.
    /// </summary>
    internal static int Correct(SymbolInfo symbol, ReadOnlySpan<byte> codewords, Span<byte> dataOut, bool isoLayout, Span<int> perBlock)
    {
        var blocks = symbol.Blocks;
        var dataCount = symbol.DataCodewords;
        var eccLength = symbol.EccPerBlock;
        Span<byte> block = stackalloc byte[256];
        var total = 0;
        for (var b = 0; b < blocks; b++)
        {
            var n = 0;
            for (var i = b; i < dataCount; i += blocks) block[n++] = codewords[i];
            var dataInBlock = n;
            var first = isoLayout ? b : ((b - dataCount) % blocks + blocks) % blocks;
            for (var k = 0; k < eccLength; k++) block[n++] = codewords[dataCount + first + k * blocks];
            var fixes = ReedSolomon.Decode(block[..n], eccLength);
            if (fixes < 0) return -1;
            if (b < perBlock.Length) perBlock[b] = fixes;
            total += fixes;
            for (int i = b, k = 0; k < dataInBlock; i += blocks, k++) dataOut[i] = block[k];
        }
        return total;
    }
}
