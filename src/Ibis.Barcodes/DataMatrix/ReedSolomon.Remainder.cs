using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Check codewords without a shift register. The remainder of D(x)·x^n mod g(x) is linear in the data:
/// it is the sum over data codewords d_i of d_i · (x^(n+e) mod g(x)), e counting from the last data
/// codeword. Those n-codeword rows are tabulated once per degree, so encoding is one scaled row added
/// per data codeword with no dependency between codewords; the scaling multiplies 16 coefficients at
/// once with two 16-entry nibble lookups (the classic PSHUFB trick for GF(256)).
/// </summary>
internal static partial class ReedSolomon
{
    // Rows are padded to whole 16-byte vectors.
    private static readonly byte[]?[] RemainderCache = new byte[MaxDegree + 1][];

    // c·x for the low nibble x (MulLow) and for x << 4 (MulHigh), 16 entries per c.
    private static readonly byte[] MulLow = BuildNibbleProducts(shift: 0);
    private static readonly byte[] MulHigh = BuildNibbleProducts(shift: 4);

    private static int Stride(int degree) => (degree + 15) & ~15;

    private static byte[] BuildNibbleProducts(int shift)
    {
        var table = new byte[256 * 16];
        for (var c = 0; c < 256; c++)
            for (var x = 0; x < 16; x++)
                table[c * 16 + x] = GaloisField.Multiply((byte)c, (byte)(x << shift));
        return table;
    }

    /// <summary>
    /// Row e (e = 0 … 254 - degree) holds x^(degree+e) mod g(x), highest coefficient first, padded
    /// with zeros to <see cref="Stride"/>.
    /// </summary>
    internal static byte[] Remainders(int degree)
    {
        if (degree is < 1 or > MaxDegree) throw new ArgumentOutOfRangeException(nameof(degree));
        var cached = Volatile.Read(ref RemainderCache[degree]);
        if (cached is not null) return cached;

        var stride = Stride(degree);
        var rows = 255 - degree;
        var table = new byte[rows * stride];
        // x^n mod g = g minus its leading term (characteristic 2): row 0 is g_(n-1) … g_0.
        var g = Generator(degree);
        for (var j = 0; j < degree; j++) table[j] = g[degree - 1 - j];
        for (var e = 1; e < rows; e++)
        {
            // Multiply the previous row by x; the coefficient pushed past x^(n-1) folds back as top · row 0.
            var prev = table.AsSpan((e - 1) * stride, stride);
            var row = table.AsSpan(e * stride, stride);
            var top = prev[0];
            for (var j = 0; j < degree; j++)
                row[j] = (byte)((j + 1 < degree ? prev[j + 1] : 0) ^ GaloisField.Multiply(top, table[j]));
        }
        Interlocked.CompareExchange(ref RemainderCache[degree], table, null);
        return RemainderCache[degree]!;
    }

    /// <summary>
    /// Writes D(x)·x^n mod g(x) for n = <paramref name="ecc"/>.Length into <paramref name="ecc"/>:
    /// the check codewords of <paramref name="data"/>. Needs data.Length + n ≤ 255.
    /// </summary>
    internal static void Remainder(ReadOnlySpan<byte> data, Span<byte> ecc)
    {
        var n = ecc.Length;
        var k = data.Length;
        if (k + n > 255) throw new ArgumentException("A block holds at most 255 codewords.", nameof(data));
        var table = Remainders(n);
        var stride = Stride(n);
        Span<byte> sum = stackalloc byte[stride];
        if (Ssse3.IsSupported || AdvSimd.Arm64.IsSupported) AccumulateVector(data, table, stride, sum);
        else AccumulateScalar(data, table, stride, sum);
        sum[..n].CopyTo(ecc);
    }

    private static void AccumulateScalar(ReadOnlySpan<byte> data, byte[] table, int stride, Span<byte> sum)
    {
        sum.Clear();
        var k = data.Length;
        for (var i = 0; i < k; i++)
        {
            var c = data[i];
            if (c == 0) continue;
            var row = table.AsSpan((k - 1 - i) * stride, stride);
            for (var j = 0; j < stride; j++) sum[j] ^= GaloisField.Multiply(c, row[j]);
        }
    }

    private static void AccumulateVector(ReadOnlySpan<byte> data, byte[] table, int stride, Span<byte> sum)
    {
        ref var rows = ref MemoryMarshal.GetArrayDataReference(table);
        ref var low = ref MemoryMarshal.GetArrayDataReference(MulLow);
        ref var high = ref MemoryMarshal.GetArrayDataReference(MulHigh);
        var nibble = Vector128.Create((byte)0x0F);
        var k = data.Length;
        for (var q = 0; q < stride; q += 16)
        {
            var acc = Vector128<byte>.Zero;
            // Row of data codeword i is k-1-i; walk it downwards from the first codeword.
            var offset = (nuint)((k - 1) * stride + q);
            for (var i = 0; i < k; i++, offset -= (nuint)stride)
            {
                var c = data[i];
                if (c == 0) continue;
                var r = Vector128.LoadUnsafe(ref rows, offset);
                var lo = Vector128.LoadUnsafe(ref low, (nuint)(c * 16));
                var hi = Vector128.LoadUnsafe(ref high, (nuint)(c * 16));
                acc ^= Lookup(lo, r & nibble) ^ Lookup(hi, Vector128.ShiftRightLogical(r.AsUInt16(), 4).AsByte() & nibble);
            }
            acc.CopyTo(sum[q..]);
        }
    }

    /// <summary>table[index] per byte, for indices 0–15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Lookup(Vector128<byte> table, Vector128<byte> index) =>
        Ssse3.IsSupported ? Ssse3.Shuffle(table, index) : AdvSimd.Arm64.VectorTableLookup(table, index);
}
