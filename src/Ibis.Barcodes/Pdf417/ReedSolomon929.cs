using static Ibis.Barcodes.Pdf417.GaloisField929;

namespace Ibis.Barcodes.Pdf417;

/// <summary>
/// Reed–Solomon error correction over GF(929) (ISO/IEC 15438 §4.10 and Annex F): 2^(level+1) check
/// codewords, generator g(x) = (x − 3)(x − 3²)…(x − 3^k), check codewords stored as the complement of
/// the remainder so that every valid symbol polynomial has the roots 3^1 … 3^k.
/// </summary>
internal static class ReedSolomon929
{
    private static readonly int[]?[] s_generators = new int[9][];

    /// <summary>Number of check codewords at error-correction level 0–8.</summary>
    public static int CheckCodewords(int level) => 2 << level;

    /// <summary>
    /// Coefficients of the generator for <paramref name="level"/>, lowest degree first, without the
    /// leading 1 of x^k: g(x) = x^k + c[k-1]·x^(k-1) + … + c[0].
    /// </summary>
    public static ReadOnlySpan<int> Generator(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 8);
        return s_generators[level] ??= BuildGenerator(CheckCodewords(level));
    }

    private static int[] BuildGenerator(int k)
    {
        // Multiply out (x − 3^i) for i = 1..k; g holds k+1 coefficients, lowest degree first.
        var g = new int[k + 1];
        g[0] = 1;
        for (var i = 1; i <= k; i++)
        {
            var root = Exp(i);
            for (var j = i; j >= 0; j--)
            {
                var shifted = j > 0 ? g[j - 1] : 0;
                g[j] = Subtract(shifted, Multiply(root, g[j]));
            }
        }
        return g[..k];
    }

    /// <summary>
    /// Writes the check codewords for <paramref name="data"/> (symbol length descriptor first) into
    /// <paramref name="check"/>, whose length selects the level.
    /// </summary>
    public static void Encode(ReadOnlySpan<int> data, Span<int> check)
    {
        var k = check.Length;
        var g = Generator(System.Numerics.BitOperations.Log2((uint)k) - 1);
        check.Clear();
        // Long division of data(x)·x^k by g(x); check[0] holds the highest-degree remainder term.
        // GF(929) is the integers mod 929: a product is one multiply and a remainder by a constant,
        // cheaper than the log/antilog lookups with their zero tests.
        foreach (var d in data)
        {
            var t = Add(d, check[0]);
            for (var i = 0; i < k - 1; i++)
            {
                var v = check[i + 1] - (int)((uint)(t * g[k - 1 - i]) % Size);
                check[i] = v < 0 ? v + Size : v;
            }
            check[k - 1] = Negate((int)((uint)(t * g[0]) % Size));
        }
        for (var i = 0; i < k; i++) check[i] = Negate(check[i]);
    }

    /// <summary>
    /// Corrects <paramref name="codewords"/> (data then check codewords) in place. Positions in
    /// <paramref name="erasures"/> are known to be unreadable. Two check codewords are kept for error
    /// detection (ISO/IEC 15438 §4.10: 2t + e ≤ k − 2). Returns the number of codewords changed, or −1
    /// when the errors exceed that capacity.
    /// </summary>
    public static int Decode(Span<int> codewords, int checkCount, ReadOnlySpan<int> erasures)
    {
        var n = codewords.Length;
        if (checkCount < 2 || checkCount >= n || n > Size - 1) return -1;
        foreach (var c in codewords)
        {
            if ((uint)c >= Size) return -1;
        }
        var s = erasures.Length;
        if (s > checkCount - 2) return -1;

        var syndromes = new int[checkCount];
        if (!ComputeSyndromes(codewords, syndromes)) return 0;

        // Erasure locator Γ(x) = Π (1 − X·x), X = 3^(n−1−position).
        var gamma = new int[s + 1];
        gamma[0] = 1;
        for (var i = 0; i < s; i++)
        {
            if ((uint)erasures[i] >= (uint)n) return -1;
            var x = Exp(n - 1 - erasures[i]);
            for (var j = i + 1; j >= 1; j--) gamma[j] = Subtract(gamma[j], Multiply(x, gamma[j - 1]));
        }

        // Forney syndromes Ξ(x) = Γ(x)·S(x) mod x^k, then the key equation by Euclid's algorithm.
        var xi = new int[checkCount];
        for (var i = 0; i < checkCount; i++)
        {
            var acc = 0;
            for (var j = 0; j <= Math.Min(i, s); j++) acc = Add(acc, Multiply(gamma[j], syndromes[i - j]));
            xi[i] = acc;
        }

        var rPrev = new int[checkCount + 1];
        rPrev[checkCount] = 1;
        var r = xi;
        int[] tPrev = [0], t = [1];
        var limit = (checkCount + s) / 2;
        while (Degree(r) >= limit)
        {
            if (Degree(r) < 0) return -1;
            var (q, rem) = DivRem(rPrev, r);
            var tNext = SubtractPoly(tPrev, MultiplyPoly(q, t));
            rPrev = r;
            r = rem;
            tPrev = t;
            t = tNext;
        }
        if (t[0] == 0) return -1;
        var scale = Inverse(t[0]);
        var lambda = ScalePoly(t, scale);
        var omega = ScalePoly(r, scale);
        var errors = Degree(lambda);
        if (2 * errors + s > checkCount - 2) return -1;

        var sigma = MultiplyPoly(lambda, gamma);
        var sigmaDegree = Degree(sigma);
        var derivative = new int[Math.Max(1, sigmaDegree)];
        for (var i = 1; i <= sigmaDegree; i++) derivative[i - 1] = Multiply(i % Size, sigma[i]);

        var found = 0;
        var changed = 0;
        for (var pos = 0; pos < n && found < sigmaDegree; pos++)
        {
            var xInverse = Exp(-(n - 1 - pos));
            if (Evaluate(sigma, xInverse) != 0) continue;
            found++;
            var denominator = Evaluate(derivative, xInverse);
            if (denominator == 0) return -1;
            var magnitude = Negate(Multiply(Evaluate(omega, xInverse), Inverse(denominator)));
            if (magnitude != 0)
            {
                codewords[pos] = Subtract(codewords[pos], magnitude);
                changed++;
            }
        }
        if (found != sigmaDegree) return -1;
        return ComputeSyndromes(codewords, syndromes) ? -1 : changed;
    }

    /// <summary>S_i = c(3^i), i = 1..k; returns true when any is non-zero.</summary>
    private static bool ComputeSyndromes(ReadOnlySpan<int> codewords, Span<int> syndromes)
    {
        var any = false;
        for (var i = 0; i < syndromes.Length; i++)
        {
            var x = Exp(i + 1);
            var acc = 0;
            foreach (var c in codewords) acc = Add(Multiply(acc, x), c);
            syndromes[i] = acc;
            any |= acc != 0;
        }
        return any;
    }

    private static int Degree(ReadOnlySpan<int> p)
    {
        for (var i = p.Length - 1; i >= 0; i--)
        {
            if (p[i] != 0) return i;
        }
        return -1;
    }

    private static int Evaluate(ReadOnlySpan<int> p, int x)
    {
        var acc = 0;
        for (var i = p.Length - 1; i >= 0; i--) acc = Add(Multiply(acc, x), p[i]);
        return acc;
    }

    private static int[] ScalePoly(ReadOnlySpan<int> p, int factor)
    {
        var result = new int[Math.Max(1, Degree(p) + 1)];
        for (var i = 0; i < result.Length && i < p.Length; i++) result[i] = Multiply(p[i], factor);
        return result;
    }

    private static int[] MultiplyPoly(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var result = new int[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == 0) continue;
            for (var j = 0; j < b.Length; j++) result[i + j] = Add(result[i + j], Multiply(a[i], b[j]));
        }
        return result;
    }

    private static int[] SubtractPoly(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var result = new int[Math.Max(a.Length, b.Length)];
        for (var i = 0; i < result.Length; i++)
            result[i] = Subtract(i < a.Length ? a[i] : 0, i < b.Length ? b[i] : 0);
        return result;
    }

    private static (int[] Quotient, int[] Remainder) DivRem(ReadOnlySpan<int> dividend, ReadOnlySpan<int> divisor)
    {
        var dd = Degree(divisor);
        var rem = dividend.ToArray();
        var quotient = new int[Math.Max(1, Degree(dividend) - dd + 1)];
        var lead = Inverse(divisor[dd]);
        for (var i = Degree(rem); i >= dd; i = Degree(rem))
        {
            var factor = Multiply(rem[i], lead);
            quotient[i - dd] = factor;
            for (var j = 0; j <= dd; j++) rem[i - dd + j] = Subtract(rem[i - dd + j], Multiply(factor, divisor[j]));
        }
        return (quotient, rem);
    }
}
