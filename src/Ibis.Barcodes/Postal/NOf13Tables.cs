using System.Numerics;

namespace Ibis.Barcodes.Postal;

/// <summary>
/// The codeword-to-character tables of USPS-B-3200, built the way the specification builds them:
/// every 13-bit value with exactly N ones, paired with its bit reversal. A value and its reversal
/// take the next two places from the front; values that are their own reversal fill the table from
/// the back. 5-of-13 gives 1287 characters (codewords 0–1286), 2-of-13 gives 78 (1287–1364).
/// </summary>
internal static class NOf13Tables
{
    public static readonly int[] FiveOf13 = Build(5, 1287);

    public static readonly int[] TwoOf13 = Build(2, 78);

    private static int[] Build(int ones, int length)
    {
        var table = new int[length];
        var front = 0;
        var back = length - 1;
        for (var value = 0; value < 1 << 13; value++)
        {
            if (BitOperations.PopCount((uint)value) != ones) continue;
            var reversed = Reverse13(value);
            if (reversed < value) continue; // placed already, as the partner of a smaller value
            if (reversed == value)
            {
                table[back--] = value;
            }
            else
            {
                table[front++] = value;
                table[front++] = reversed;
            }
        }
        if (front != back + 1) throw new InvalidOperationException($"{ones}-of-13 table did not fill exactly");
        return table;
    }

    internal static int Reverse13(int value)
    {
        var r = 0;
        for (var i = 0; i < 13; i++) r |= ((value >> i) & 1) << (12 - i);
        return r;
    }
}
