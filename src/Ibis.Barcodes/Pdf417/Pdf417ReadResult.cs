namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// The outcome of <see cref="Pdf417Reader.Read(ReadOnlySpan{byte}, int, int)"/>: either the decoded
/// bytes or the reason there are none. Reading untrusted images never throws; it returns this.
/// </summary>
public sealed class Pdf417ReadResult
{
    private Pdf417ReadResult(bool success, byte[]? data, string? error, int correctedErrors, int rows, int columns, int level)
    {
        Success = success;
        Data = data;
        Error = error;
        CorrectedErrors = correctedErrors;
        Rows = rows;
        Columns = columns;
        ErrorCorrectionLevel = level;
    }

    /// <summary>True when a symbol was found and decoded; <see cref="Data"/> is then set.</summary>
    public bool Success { get; }

    /// <summary>The decoded payload, or null on failure.</summary>
    public byte[]? Data { get; }

    /// <summary>Why nothing was decoded, or null on success.</summary>
    public string? Error { get; }

    /// <summary>Codewords repaired by Reed–Solomon error correction (unreadable ones included).</summary>
    public int CorrectedErrors { get; }

    /// <summary>Rows of the symbol, or 0 when none was decoded.</summary>
    public int Rows { get; }

    /// <summary>Data columns of the symbol, or 0 when none was decoded.</summary>
    public int Columns { get; }

    /// <summary>Error-correction level 0–8 of the symbol, or −1 when none was decoded.</summary>
    public int ErrorCorrectionLevel { get; }

    internal static Pdf417ReadResult Ok(byte[] data, int corrected, int rows, int columns, int level) =>
        new(true, data, null, corrected, rows, columns, level);

    internal static Pdf417ReadResult Fail(string error) => new(false, null, error, 0, 0, 0, -1);

    /// <inheritdoc/>
    public override string ToString() => Success
        ? $"Success: {Data!.Length} bytes from {Rows}x{Columns} level {ErrorCorrectionLevel}, {CorrectedErrors} corrected"
        : $"Failure: {Error}";
}
