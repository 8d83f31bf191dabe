namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// The outcome of <see cref="DataMatrixReader.Read(ReadOnlySpan{byte}, int, int)"/>: either the decoded
/// bytes or the reason there are none. Reading untrusted images never throws; it returns this.
/// </summary>
public sealed class DataMatrixReadResult
{
    private DataMatrixReadResult(bool success, byte[]? data, string? error, int correctedErrors, (int Width, int Height) symbolSize)
    {
        Success = success;
        Data = data;
        Error = error;
        CorrectedErrors = correctedErrors;
        SymbolSize = symbolSize;
    }

    /// <summary>True when a symbol was found and decoded; <see cref="Data"/> is then set.</summary>
    public bool Success { get; }

    /// <summary>The decoded payload, or null on failure.</summary>
    public byte[]? Data { get; }

    /// <summary>Why nothing was decoded, or null on success.</summary>
    public string? Error { get; }

    /// <summary>Codewords repaired by Reed–Solomon error correction, over all blocks.</summary>
    public int CorrectedErrors { get; }

    /// <summary>Symbol size in modules (columns, rows), or (0, 0) when no symbol was located.</summary>
    public (int Width, int Height) SymbolSize { get; }

    internal static DataMatrixReadResult Ok(byte[] data, int corrected, (int, int) size) => new(true, data, null, corrected, size);

    internal static DataMatrixReadResult Fail(string error, (int, int) size = default) => new(false, null, error, 0, size);

    /// <inheritdoc/>
    public override string ToString() => Success
        ? $"Success: {Data!.Length} bytes from {SymbolSize.Width}x{SymbolSize.Height}, {CorrectedErrors} corrected"
        : $"Failure: {Error}";
}
