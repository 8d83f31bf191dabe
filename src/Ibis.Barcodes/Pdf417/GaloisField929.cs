namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// Arithmetic in the prime field GF(929) used by PDF417 error correction, with 3 as the primitive
/// element (ISO/IEC 15438 §4.10: the generator polynomial has the roots 3^1 … 3^k).
/// </summary>
internal static class GaloisField929
{
    public const int Size = 929;

    private static readonly short[] s_exp = BuildExp();
    private static readonly short[] s_log = BuildLog();

    public static int Exp(int power)
    {
        power %= Size - 1;
        if (power < 0) power += Size - 1;
        return s_exp[power];
    }

    public static int Log(int value)
    {
        if (value is <= 0 or >= Size) throw new ArgumentOutOfRangeException(nameof(value));
        return s_log[value];
    }

    public static int Add(int a, int b)
    {
        var s = a + b;
        return s >= Size ? s - Size : s;
    }

    public static int Subtract(int a, int b)
    {
        var s = a - b;
        return s < 0 ? s + Size : s;
    }

    public static int Negate(int a) => a == 0 ? 0 : Size - a;

    public static int Multiply(int a, int b) => a == 0 || b == 0 ? 0 : s_exp[s_log[a] + s_log[b]];

    public static int Inverse(int a)
    {
        if (a == 0) throw new DivideByZeroException();
        return s_exp[Size - 1 - s_log[a]];
    }

    private static short[] BuildExp()
    {
        // Twice the period, so that Multiply needs no reduction of the summed logarithms.
        var exp = new short[2 * (Size - 1)];
        var x = 1;
        for (var i = 0; i < exp.Length; i++)
        {
            exp[i] = (short)x;
            x = x * 3 % Size;
        }
        return exp;
    }

    private static short[] BuildLog()
    {
        var log = new short[Size];
        var x = 1;
        for (var i = 0; i < Size - 1; i++)
        {
            log[x] = (short)i;
            x = x * 3 % Size;
        }
        return log;
    }
}
