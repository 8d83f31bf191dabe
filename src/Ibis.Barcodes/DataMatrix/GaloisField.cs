namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Arithmetic in GF(256) with the ECC200 field polynomial x^8+x^5+x^3+x^2+1 (0x12D) and generator 2
/// (ISO/IEC 16022 5.7.1). Multiplication goes through log/antilog tables built once.
/// </summary>
internal static class GaloisField
{
    public const int Polynomial = 0x12D;

    // Exp is doubled (510 entries) so Exp[Log[a] + Log[b]] needs no modulo.
    private static readonly byte[] ExpTable = BuildExp();
    private static readonly byte[] LogTable = BuildLog(ExpTable);

    public static ReadOnlySpan<byte> Exp => ExpTable;

    public static ReadOnlySpan<byte> Log => LogTable;

    private static byte[] BuildExp()
    {
        var exp = new byte[512];
        var x = 1;
        for (var i = 0; i < 255; i++)
        {
            exp[i] = (byte)x;
            exp[i + 255] = (byte)x;
            x <<= 1;
            if (x >= 256) x ^= Polynomial;
        }
        exp[510] = exp[0];
        exp[511] = exp[1];
        return exp;
    }

    private static byte[] BuildLog(byte[] exp)
    {
        var log = new byte[256];
        for (var i = 0; i < 255; i++) log[exp[i]] = (byte)i;
        return log;
    }

    public static byte Multiply(byte a, byte b) =>
        a == 0 || b == 0 ? (byte)0 : ExpTable[LogTable[a] + LogTable[b]];

    /// <summary>a / b for b ≠ 0.</summary>
    public static byte Divide(byte a, byte b) =>
        a == 0 ? (byte)0 : ExpTable[LogTable[a] + 255 - LogTable[b]];

    /// <summary>2^e for any non-negative e.</summary>
    public static byte Power(int e) => ExpTable[e % 255];

    /// <summary>The multiplicative inverse of a ≠ 0.</summary>
    public static byte Inverse(byte a) => ExpTable[255 - LogTable[a]];
}
