namespace Ibis.Barcodes.DataMatrix;

/// <summary>
/// Reed–Solomon over GF(256)/0x12D as ECC200 uses it: the generator of degree n has the roots
/// 2^1 … 2^n (ISO/IEC 16022 5.7.2), codeword 0 of a block is the highest-degree coefficient.
/// </summary>
internal static partial class ReedSolomon
{
    // ECC200 never needs more than 68 check codewords per block; the cache is indexed by degree.
    private const int MaxDegree = 68;
    private static readonly byte[]?[] GeneratorCache = new byte[MaxDegree + 1][];

    /// <summary>
    /// Logs of the generator coefficients g_0 … g_(n-1) (g_n = 1 is implied), cached per degree.
    /// The coefficients of these generators are all non-zero, which the encoder relies on.
    /// </summary>
    internal static byte[] GeneratorLogs(int degree)
    {
        if (degree is < 1 or > MaxDegree) throw new ArgumentOutOfRangeException(nameof(degree));
        var cached = Volatile.Read(ref GeneratorCache[degree]);
        if (cached is not null) return cached;

        // g(x) = Π (x + 2^i), i = 1..degree; coefficients low to high.
        Span<byte> g = stackalloc byte[degree + 1];
        g.Clear();
        g[0] = 1;
        for (var i = 1; i <= degree; i++)
        {
            var root = GaloisField.Power(i);
            for (var k = i; k >= 1; k--)
                g[k] = (byte)(g[k - 1] ^ GaloisField.Multiply(g[k], root));
            g[0] = GaloisField.Multiply(g[0], root);
        }
        var logs = new byte[degree];
        for (var k = 0; k < degree; k++)
        {
            if (g[k] == 0) throw new InvalidOperationException("Generator coefficient is zero.");
            logs[k] = GaloisField.Log[g[k]];
        }
        Interlocked.CompareExchange(ref GeneratorCache[degree], logs, null);
        return GeneratorCache[degree]!;
    }

    /// <summary>Generator polynomial coefficients g_0 … g_n (for tests and diagnostics).</summary>
    internal static byte[] Generator(int degree)
    {
        var logs = GeneratorLogs(degree);
        var g = new byte[degree + 1];
        for (var k = 0; k < degree; k++) g[k] = GaloisField.Exp[logs[k]];
        g[degree] = 1;
        return g;
    }

    /// <summary>Computes the check codewords of <paramref name="data"/> into <paramref name="ecc"/>.</summary>
    public static void Encode(ReadOnlySpan<byte> data, Span<byte> ecc)
    {
        // Blocks never exceed 255 codewords; the remainder tables cover exactly that.
        if (data.Length + ecc.Length <= 255) Remainder(data, ecc);
        else EncodeByDivision(data, ecc);
    }

    /// <summary>
    /// The textbook shift-register division, one codeword at a time: the reference that the
    /// table-driven <see cref="Remainder"/> is tested against, and the path for over-long input.
    /// </summary>
    internal static void EncodeByDivision(ReadOnlySpan<byte> data, Span<byte> ecc)
    {
        var n = ecc.Length;
        ReadOnlySpan<byte> gLog = GeneratorLogs(n);
        ReadOnlySpan<byte> exp = GaloisField.Exp;
        ReadOnlySpan<byte> log = GaloisField.Log;
        ecc.Clear();
        foreach (var d in data)
        {
            var f = (byte)(d ^ ecc[0]);
            if (f == 0)
            {
                ecc[1..].CopyTo(ecc);
                ecc[n - 1] = 0;
                continue;
            }
            var lf = log[f];
            for (var j = 0; j < n - 1; j++)
                ecc[j] = (byte)(ecc[j + 1] ^ exp[lf + gLog[n - 1 - j]]);
            ecc[n - 1] = exp[lf + gLog[0]];
        }
    }

    /// <summary>
    /// Corrects <paramref name="block"/> (data followed by <paramref name="eccLength"/> check codewords)
    /// in place. Returns the number of corrected codewords, or -1 when the block is beyond repair.
    /// Berlekamp–Massey finds the error locator, a Chien search its roots, Forney the values.
    /// </summary>
    public static int Decode(Span<byte> block, int eccLength)
    {
        var n = block.Length;
        if (eccLength < 1 || eccLength > MaxDegree || n > 255 || n <= eccLength) return -1;
        ReadOnlySpan<byte> exp = GaloisField.Exp;
        ReadOnlySpan<byte> log = GaloisField.Log;

        Span<byte> syndromes = stackalloc byte[eccLength];
        if (!ComputeSyndromes(block, syndromes)) return 0;

        // Berlekamp–Massey: lambda is the error locator, prev the last locator before a length change.
        Span<byte> lambda = stackalloc byte[eccLength + 1];
        Span<byte> prev = stackalloc byte[eccLength + 1];
        Span<byte> temp = stackalloc byte[eccLength + 1];
        lambda.Clear(); prev.Clear();
        lambda[0] = 1; prev[0] = 1;
        int l = 0, m = 1;
        byte b = 1;
        for (var r = 0; r < eccLength; r++)
        {
            var d = syndromes[r];
            for (var i = 1; i <= l; i++)
                d ^= GaloisField.Multiply(lambda[i], syndromes[r - i]);
            if (d == 0)
            {
                m++;
                continue;
            }
            var coef = GaloisField.Divide(d, b);
            if (2 * l <= r)
            {
                lambda.CopyTo(temp);
                for (var i = 0; i + m <= eccLength; i++)
                    lambda[i + m] ^= GaloisField.Multiply(coef, prev[i]);
                l = r + 1 - l;
                temp.CopyTo(prev);
                b = d;
                m = 1;
            }
            else
            {
                for (var i = 0; i + m <= eccLength; i++)
                    lambda[i + m] ^= GaloisField.Multiply(coef, prev[i]);
                m++;
            }
        }
        if (l == 0 || 2 * l > eccLength) return -1;

        // Omega(x) = S(x)·Lambda(x) mod x^eccLength.
        Span<byte> omega = stackalloc byte[eccLength];
        omega.Clear();
        for (var i = 0; i < eccLength; i++)
        {
            if (syndromes[i] == 0) continue;
            for (var j = 0; j <= l && i + j < eccLength; j++)
                omega[i + j] ^= GaloisField.Multiply(syndromes[i], lambda[j]);
        }

        // Chien search over the positions that exist in this (shortened) block.
        Span<int> positions = stackalloc int[l];
        var found = 0;
        for (var k = 0; k < n; k++)
        {
            // Codeword k carries x^(n-1-k); its locator X = 2^(n-1-k) and we test Lambda(X^-1) = 0.
            var xInvLog = (255 - (n - 1 - k)) % 255;
            byte sum = 0;
            for (var i = 0; i <= l; i++)
            {
                if (lambda[i] == 0) continue;
                sum ^= exp[(log[lambda[i]] + xInvLog * i) % 255];
            }
            if (sum != 0) continue;
            if (found == l) return -1;
            positions[found++] = k;
        }
        if (found != l) return -1;

        // Forney with first consecutive root 2^1: e = Omega(X^-1) / Lambda'(X^-1).
        for (var p = 0; p < found; p++)
        {
            var k = positions[p];
            var xInvLog = (255 - (n - 1 - k)) % 255;
            byte num = 0;
            for (var i = 0; i < eccLength; i++)
            {
                if (omega[i] == 0) continue;
                num ^= exp[(log[omega[i]] + xInvLog * i) % 255];
            }
            byte den = 0;
            for (var i = 1; i <= l; i += 2)
            {
                if (lambda[i] == 0) continue;
                den ^= exp[(log[lambda[i]] + xInvLog * (i - 1)) % 255];
            }
            if (den == 0) return -1;
            block[k] ^= GaloisField.Divide(num, den);
        }

        // A decoder that finds a locator can still miscorrect past its capacity; the syndromes say.
        return ComputeSyndromes(block, syndromes) ? -1 : found;
    }

    /// <summary>
    /// Fills S_1 … S_n; returns false when all are zero (no detectable error). A block c(x) and its
    /// remainder r(x) = c(x) mod g(x) agree at every root of g, so the syndromes are r evaluated at
    /// 2^1 … 2^n: n² steps on the short remainder instead of n·(block length) on the block.
    /// </summary>
    private static bool ComputeSyndromes(ReadOnlySpan<byte> block, Span<byte> syndromes)
    {
        var n = syndromes.Length;
        Span<byte> r = stackalloc byte[n];
        Remainder(block[..^n], r);
        var any = false;
        for (var j = 0; j < n; j++)
        {
            r[j] ^= block[block.Length - n + j];
            any |= r[j] != 0;
        }
        if (!any)
        {
            syndromes.Clear();
            return false;
        }
        EvaluateAtRoots(r, syndromes);
        return true;
    }

    /// <summary>The syndromes straight from the whole block (Horner at each root): the reference for tests.</summary>
    internal static bool ComputeSyndromesDirect(ReadOnlySpan<byte> block, Span<byte> syndromes)
    {
        EvaluateAtRoots(block, syndromes);
        foreach (var s in syndromes) if (s != 0) return true;
        return false;
    }

    /// <summary>syndromes[j] = p(2^(j+1)) for the polynomial p whose highest coefficient comes first.</summary>
    private static void EvaluateAtRoots(ReadOnlySpan<byte> p, Span<byte> syndromes)
    {
        ReadOnlySpan<byte> exp = GaloisField.Exp;
        ReadOnlySpan<byte> log = GaloisField.Log;
        for (var j = 0; j < syndromes.Length; j++)
        {
            // Horner at x = 2^(j+1).
            var rootLog = j + 1;
            byte s = 0;
            foreach (var c in p)
                s = (byte)((s == 0 ? 0 : exp[log[s] + rootLog]) ^ c);
            syndromes[j] = s;
        }
    }
}
