using Ibis.Barcodes.DataMatrix;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>
/// The table-driven encoder paths (issue 4, speed) against the straightforward ones they replace:
/// same check codewords, same syndromes, same modules, on random inputs of every size.
/// </summary>
public sealed class FastPathAgreementTests
{
    public static TheoryData<int> EccLengths => [5, 7, 10, 11, 12, 14, 18, 20, 24, 28, 36, 42, 48, 56, 62, 68];

    [Theory]
    [MemberData(nameof(EccLengths))]
    public void Remainder_MatchesShiftRegisterDivision(int eccLength)
    {
        var random = new Random(4000 + eccLength);
        var fast = new byte[eccLength];
        var slow = new byte[eccLength];
        for (var trial = 0; trial < 200; trial++)
        {
            // Every length up to a full 255-codeword block, with zero runs (skipped by the fast path).
            var data = new byte[random.Next(0, 256 - eccLength)];
            random.NextBytes(data);
            for (var i = 0; i < data.Length; i++) if (random.Next(4) == 0) data[i] = 0;
            ReedSolomon.Remainder(data, fast);
            ReedSolomon.EncodeByDivision(data, slow);
            Assert.Equal(slow, fast);
        }
    }

    [Theory]
    [MemberData(nameof(EccLengths))]
    public void Syndromes_FromTheRemainder_MatchTheBlockEvaluatedDirectly(int eccLength)
    {
        var random = new Random(5000 + eccLength);
        for (var trial = 0; trial < 100; trial++)
        {
            var block = new byte[eccLength + random.Next(1, 256 - eccLength)];
            random.NextBytes(block);
            if (trial % 3 == 0)
            {
                // A valid block with a few errors, and (every sixth) a clean one.
                ReedSolomon.Encode(block.AsSpan(0, block.Length - eccLength), block.AsSpan(block.Length - eccLength));
                if (trial % 6 != 0) block[random.Next(block.Length)] ^= (byte)random.Next(1, 256);
            }
            var viaRemainder = block.ToArray();
            var direct = block.ToArray();
            var errors = ReedSolomon.Decode(viaRemainder, eccLength);
            // Decode's answer must be what the direct syndromes say: clean blocks need nothing.
            var syndromes = new byte[eccLength];
            var dirty = ReedSolomon.ComputeSyndromesDirect(direct, syndromes);
            if (!dirty) Assert.Equal(0, errors);
            if (errors >= 0) Assert.False(ReedSolomon.ComputeSyndromesDirect(viaRemainder, syndromes));
        }
    }

    [Fact]
    public void Layout_DrawsTheSameModulesAsThePlacementWalk_ForEverySize()
    {
        var random = new Random(6000);
        foreach (var symbol in SymbolInfo.All)
        {
            for (var trial = 0; trial < 5; trial++)
            {
                var codewords = new byte[symbol.TotalCodewords];
                random.NextBytes(codewords);
                var fast = DataMatrixEncoder.Render(symbol, codewords);
                var slow = DataMatrixEncoder.RenderByPlacement(symbol, codewords);
                for (var y = 0; y < symbol.Rows; y++)
                    for (var x = 0; x < symbol.Columns; x++)
                        Assert.True(slow[x, y] == fast[x, y], $"{symbol} module ({x},{y})");
            }
        }
    }
}
