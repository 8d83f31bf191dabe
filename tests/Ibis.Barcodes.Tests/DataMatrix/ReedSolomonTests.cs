using Ibis.Barcodes.DataMatrix;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

public sealed class ReedSolomonTests
{
    [Fact]
    public void Encode_IsoAnnexExample123456_GivesPublishedCheckCodewords()
    {
        // ISO/IEC 16022 Annex O: "123456" in 10×10 is 142 164 186 followed by 114 25 5 88 102.
        byte[] data = [142, 164, 186];
        var ecc = new byte[5];
        ReedSolomon.Encode(data, ecc);
        Assert.Equal(new byte[] { 114, 25, 5, 88, 102 }, ecc);
    }

    [Fact]
    public void Generator_OfDegree5_MatchesTheStandardsTable()
    {
        // Annex E lists the 5-codeword generator as x^5 + 62x^4 + 111x^3 + 15x^2 + 48x + 228.
        Assert.Equal(new byte[] { 228, 48, 15, 111, 62, 1 }, ReedSolomon.Generator(5));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(14)]
    [InlineData(18)]
    [InlineData(20)]
    [InlineData(24)]
    [InlineData(28)]
    [InlineData(36)]
    [InlineData(42)]
    [InlineData(48)]
    [InlineData(56)]
    [InlineData(62)]
    [InlineData(68)]
    public void Generator_HasRoots2To2PowN(int degree)
    {
        var g = ReedSolomon.Generator(degree);
        for (var i = 1; i <= degree; i++)
        {
            var x = GaloisField.Power(i);
            byte value = 0;
            for (var k = degree; k >= 0; k--) value = (byte)(GaloisField.Multiply(value, x) ^ g[k]);
            Assert.Equal(0, value);
        }
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(44, 28)]
    [InlineData(144, 56)]
    [InlineData(156, 62)]
    [InlineData(175, 68)]
    public void Decode_CorrectsUpToHalfTheCheckCodewords(int dataLength, int eccLength)
    {
        var random = new Random(dataLength * 1000 + eccLength);
        for (var trial = 0; trial < 50; trial++)
        {
            var block = new byte[dataLength + eccLength];
            random.NextBytes(block.AsSpan(0, dataLength));
            ReedSolomon.Encode(block.AsSpan(0, dataLength), block.AsSpan(dataLength));
            var original = block.ToArray();

            var errors = random.Next(1, eccLength / 2 + 1);
            var positions = Enumerable.Range(0, block.Length).OrderBy(_ => random.Next()).Take(errors).ToArray();
            foreach (var p in positions) block[p] ^= (byte)random.Next(1, 256);

            Assert.Equal(errors, ReedSolomon.Decode(block, eccLength));
            Assert.Equal(original, block);
        }
    }

    [Fact]
    public void Decode_CleanBlock_ReportsNoCorrections()
    {
        byte[] block = [142, 164, 186, 114, 25, 5, 88, 102];
        Assert.Equal(0, ReedSolomon.Decode(block, 5));
    }

    [Fact]
    public void Decode_TooManyErrors_FailsOrLeavesAValidCodewordButNeverThrows()
    {
        var random = new Random(7);
        var failures = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var block = new byte[40];
            random.NextBytes(block.AsSpan(0, 28));
            ReedSolomon.Encode(block.AsSpan(0, 28), block.AsSpan(28));
            foreach (var p in Enumerable.Range(0, 40).OrderBy(_ => random.Next()).Take(7)) block[p] ^= (byte)random.Next(1, 256);
            var result = ReedSolomon.Decode(block, 12);
            if (result < 0) failures++;
            else Assert.Equal(0, ReedSolomon.Decode(block.ToArray(), 12)); // any "success" is a true codeword
        }
        Assert.True(failures > 150, $"only {failures} of 200 over-capacity blocks were refused");
    }
}
