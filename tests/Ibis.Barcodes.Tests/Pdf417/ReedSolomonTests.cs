using Ibis.Barcodes.Pdf417;
using Xunit;

namespace Ibis.Barcodes.Tests.Pdf417;

public sealed class ReedSolomonTests
{
    [Fact]
    public void Encode_WorkedExampleOfTheSpecification_GivesItsCheckCodewords()
    {
        // ISO/IEC 15438's worked example: "PDF417" as text, length descriptor 5, level 1.
        int[] data = [5, 453, 178, 121, 239];
        var check = new int[4];
        ReedSolomon929.Encode(data, check);
        Assert.Equal([452, 327, 657, 619], check);
    }

    [Fact]
    public void Encode_SameMessageAtLevel2_GivesPublishedCheckCodewords()
    {
        // "PDF417" padded to six data codewords at level 2, as other encoders write it.
        int[] data = [6, 453, 178, 121, 239, 900];
        var check = new int[8];
        ReedSolomon929.Encode(data, check);
        Assert.Equal([466, 823, 655, 326, 814, 259, 528, 611], check);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    public void Generator_HasTheRootsThreeToTheOneThroughK(int level)
    {
        var k = ReedSolomon929.CheckCodewords(level);
        var g = ReedSolomon929.Generator(level);
        Assert.Equal(k, g.Length);
        for (var i = 1; i <= k; i++)
        {
            var x = GaloisField929.Exp(i);
            var acc = 1; // the implicit leading x^k
            for (var j = k - 1; j >= 0; j--) acc = GaloisField929.Add(GaloisField929.Multiply(acc, x), g[j]);
            Assert.Equal(0, acc);
        }
    }

    [Fact]
    public void GeneratorOfLevel0_IsXSquaredMinus12XPlus27()
    {
        // (x − 3)(x − 9) = x² − 12x + 27, and −12 ≡ 917 (mod 929).
        Assert.Equal([27, 917], ReedSolomon929.Generator(0).ToArray());
    }

    [Fact]
    public void Field_ThreeIsPrimitive()
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < 928; i++) Assert.True(seen.Add(GaloisField929.Exp(i)));
        Assert.Equal(1, GaloisField929.Exp(928));
        for (var a = 1; a < 929; a++) Assert.Equal(1, GaloisField929.Multiply(a, GaloisField929.Inverse(a)));
    }

    [Fact]
    public void RandomCodewords_HaveZeroSyndromes_AndDecodeUnchanged()
    {
        var random = new Random(929);
        for (var level = 0; level <= 8; level++)
        {
            var k = ReedSolomon929.CheckCodewords(level);
            var n = Math.Min(928, k + random.Next(1, 300));
            var word = RandomWord(random, n, k);
            Assert.Equal(0, ReedSolomon929.Decode(word, k, []));
        }
    }

    [Fact]
    public void ErrorsAndErasures_UpToCapacityLessTwo_AreCorrected()
    {
        var random = new Random(15438);
        for (var trial = 0; trial < 180; trial++)
        {
            var level = trial % 9;
            var k = ReedSolomon929.CheckCodewords(level);
            var n = Math.Min(928, k + random.Next(1, level >= 7 ? 80 : 200));
            var original = RandomWord(random, n, k);
            var budget = k - 2;
            var erasures = random.Next(0, budget + 1);
            var errors = (budget - erasures) / 2;
            var positions = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(erasures + errors).ToArray();
            var damaged = (int[])original.Clone();
            foreach (var p in positions) damaged[p] = (damaged[p] + random.Next(1, 929)) % 929;
            var erased = positions[..erasures];
            foreach (var p in erased) damaged[p] = 0;

            var corrected = ReedSolomon929.Decode(damaged, k, erased);

            Assert.True(corrected >= 0, $"level {level}, n {n}, {errors} errors, {erasures} erasures");
            Assert.Equal(original, damaged);
        }
    }

    [Fact]
    public void Level0_DetectsButDoesNotCorrect()
    {
        var random = new Random(2);
        var word = RandomWord(random, 20, 2);
        word[7] = (word[7] + 1) % 929;
        Assert.Equal(-1, ReedSolomon929.Decode(word, 2, []));
    }

    private static int[] RandomWord(Random random, int n, int k)
    {
        var word = new int[n];
        for (var i = 0; i < n - k; i++) word[i] = random.Next(0, 929);
        ReedSolomon929.Encode(word.AsSpan(0, n - k), word.AsSpan(n - k));
        return word;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void Encode_ModularProducts_MatchLogTableDivision(int level)
    {
        // Issue 4, speed: the encoder multiplies mod 929 directly; the field's log tables say the same.
        var random = new Random(4500 + level);
        var k = ReedSolomon929.CheckCodewords(level);
        var g = ReedSolomon929.Generator(level);
        for (var trial = 0; trial < 50; trial++)
        {
            var data = new int[random.Next(1, 928 - k)];
            for (var i = 0; i < data.Length; i++) data[i] = random.Next(0, 929);
            var expected = new int[k];
            foreach (var d in data)
            {
                var t = GaloisField929.Add(d, expected[0]);
                for (var i = 0; i < k - 1; i++) expected[i] = GaloisField929.Subtract(expected[i + 1], GaloisField929.Multiply(t, g[k - 1 - i]));
                expected[k - 1] = GaloisField929.Negate(GaloisField929.Multiply(t, g[0]));
            }
            for (var i = 0; i < k; i++) expected[i] = GaloisField929.Negate(expected[i]);
            var actual = new int[k];
            ReedSolomon929.Encode(data, actual);
            Assert.Equal(expected, actual);
        }
    }
}
