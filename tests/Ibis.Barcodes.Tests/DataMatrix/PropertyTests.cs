using CsCheck;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>Round trips and robustness as properties over generated inputs.</summary>
public sealed class PropertyTests
{
    [Fact]
    public void EncodeThenRead_GivesTheBytesBack()
    {
        var payloads = Gen.OneOf(
            Gen.Byte.Array[0, 400],
            Gen.Char['0', '9'].Array[1, 600].Select(cs => cs.Select(c => (byte)c).ToArray()),
            Gen.Char[' ', '~'].Array[1, 400].Select(cs => cs.Select(c => (byte)c).ToArray()));
        Gen.Select(payloads, Gen.Int[2, 4], Gen.Enum<DataMatrixEncodation>()).Sample((data, pixels, encodation) =>
        {
            var matrix = DataMatrixEncoder.Encode(data, new DataMatrixOptions { Encodation = encodation });
            var result = DataMatrixReader.Read(GrayImage.FromMatrix(matrix, pixels, 1));
            Assert.True(result.Success, result.ToString());
            Assert.Equal(data, result.Data);
        }, iter: 300);
    }

    [Fact]
    public void CodewordDecoder_OnArbitraryCodewords_NeverThrows()
    {
        Gen.Byte.Array[0, 300].Sample(codewords =>
        {
            if (CodewordDecoder.TryDecode(codewords, out var data, out var error)) Assert.NotNull(data);
            else Assert.NotNull(error);
        }, iter: 20_000);
    }

    [Fact]
    public void SymbolDecoder_OnArbitraryCodewords_FailsCleanly()
    {
        Gen.Select(Gen.Int[0, SymbolInfo.All.Count - 1], Gen.Byte.Array[2178]).Sample((index, bytes) =>
        {
            var symbol = SymbolInfo.All[index];
            var result = SymbolDecoder.Decode(symbol, bytes.AsSpan(0, symbol.TotalCodewords));
            Assert.Equal(result.Success, result.Data is not null);
        }, iter: 2_000);
    }
}
