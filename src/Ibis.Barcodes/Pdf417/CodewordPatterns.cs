namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// The three codeword clusters of ISO/IEC 15438: each codeword value 0–928 is drawn as 4 bars and
/// 4 spaces, 17 modules wide, with a different pattern in each cluster (rows use cluster 0, 3, 6 in turn).
/// </summary>
internal static partial class CodewordPatterns
{
    /// <summary>Codeword values per cluster.</summary>
    public const int Values = 929;

    /// <summary>Start pattern 81111113 as 17 modules, most significant bit first.</summary>
    public const int StartPattern = 0b1111_1111_0101_0100_0;

    /// <summary>Stop pattern 711311121 as 18 modules, most significant bit first.</summary>
    public const int StopPattern = 0b11_1111_1010_0010_1001;

    private static ushort[]? s_lookup;

    /// <summary>The 17-module pattern (bit 16 = leftmost module, 1 = bar) of <paramref name="value"/> in cluster index 0–2.</summary>
    public static int Pattern(int clusterIndex, int value) => 0x10000 | (Packed[clusterIndex * Values + value] << 1);

    /// <summary>
    /// The codeword drawn by a 17-module pattern: (cluster index 0–2, value), or (-1, -1) when the
    /// pattern is not a codeword.
    /// </summary>
    public static (int ClusterIndex, int Value) Lookup(int pattern17)
    {
        if ((pattern17 & 0x10001) != 0x10000) return (-1, -1);
        var entry = (s_lookup ??= BuildLookup())[(pattern17 >> 1) & 0x7FFF];
        if (entry == 0) return (-1, -1);
        return ((entry - 1) / Values, (entry - 1) % Values);
    }

    private static ushort[] BuildLookup()
    {
        var table = new ushort[1 << 15];
        var packed = Packed;
        for (var i = 0; i < packed.Length; i++) table[packed[i]] = (ushort)(i + 1);
        return table;
    }
}
