namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// The outcome of <see cref="DataMatrixReader.Read(ReadOnlySpan{byte}, int, int)"/>: either the decoded
/// bytes or the reason there are none. Reading untrusted images never throws; it returns this.
/// </summary>
public sealed class DataMatrixReadResult
{
    private static readonly ImagePoint[] NoCorners = [];

    private DataMatrixReadResult(bool success, byte[]? data, string? error, int correctedErrors, (int Width, int Height) symbolSize)
    {
        Success = success;
        Data = data;
        Error = error;
        CorrectedErrors = correctedErrors;
        SymbolSize = symbolSize;
        Corners = NoCorners;
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

    /// <summary>
    /// On success, the symbol's outer corners in the image, in the symbol's own reading orientation:
    /// top left, top right, bottom right, bottom left (the corner of the L finder). Empty on failure.
    /// A mirrored symbol shows as corners in the opposite winding.
    /// </summary>
    public IReadOnlyList<ImagePoint> Corners { get; private init; }

    /// <summary>On success, the mean module size in pixels; 0 on failure.</summary>
    public double ModuleSize { get; private init; }

    /// <summary>On success, the rotation of the symbol in degrees (0–360, clockwise as seen in the image): the direction of its bottom edge.</summary>
    public double RotationDegrees
    {
        get
        {
            if (Corners.Count != 4) return 0;
            var angle = Math.Atan2(Corners[2].Y - Corners[3].Y, Corners[2].X - Corners[3].X) * 180 / Math.PI;
            return angle < 0 ? angle + 360 : angle;
        }
    }

    /// <summary>The symbol size table row of a successful read, for grading.</summary>
    internal SymbolInfo? Symbol { get; private init; }

    internal static DataMatrixReadResult Ok(byte[] data, int corrected, (int, int) size) => new(true, data, null, corrected, size);

    internal static DataMatrixReadResult Fail(string error, (int, int) size = default) => new(false, null, error, 0, size);

    /// <summary>This result with where the symbol was found (successful reads only).</summary>
    internal DataMatrixReadResult WithLocation(ImagePoint[] corners, double moduleSize, SymbolInfo symbol) => !Success
        ? this
        : new DataMatrixReadResult(Success, Data, Error, CorrectedErrors, SymbolSize)
        {
            Corners = corners,
            ModuleSize = moduleSize,
            Symbol = symbol,
        };

    /// <summary>This result with its location in an image <paramref name="factor"/> times as large (a read of a scaled copy).</summary>
    internal DataMatrixReadResult Scaled(double factor) => !Success || Corners.Count == 0
        ? this
        : new DataMatrixReadResult(Success, Data, Error, CorrectedErrors, SymbolSize)
        {
            Corners = [.. Corners.Select(p => new ImagePoint(p.X * factor, p.Y * factor))],
            ModuleSize = ModuleSize * factor,
            Symbol = Symbol,
        };

    /// <inheritdoc/>
    public override string ToString() => Success
        ? $"Success: {Data!.Length} bytes from {SymbolSize.Width}x{SymbolSize.Height}, {CorrectedErrors} corrected"
        : $"Failure: {Error}";
}
