using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Tests.Support;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>Codeword-for-codeword agreement with libdmtx's encoder, across every size.</summary>
public sealed class LibdmtxCrossCheckTests
{
    [SkippableFact]
    public void AsciiCodewords_MatchDmtxwrite_ForEverySquareSize()
    {
        var dmtxwrite = ExternalTools.DmtxWrite();
        var random = new Random(16022);
        foreach (var size in DataMatrixEncoder.SquareSizes)
        {
            var symbol = SymbolInfo.Find(size, size)!;
            // Fill most of the symbol so several blocks carry real data; text and digits only,
            // which both encoders put in ASCII the same way.
            var data = Payloads.Make(random, random.Next(2) == 0 ? Payloads.Kind.Text : Payloads.Kind.Digits, Math.Max(1, symbol.DataCodewords - 2));
            if (data.Length > symbol.DataCodewords) data = data[..symbol.DataCodewords];
            var options = new DataMatrixOptions
            {
                Size = size,
                Encodation = DataMatrixEncodation.Ascii,
                // libdmtx writes 144×144 in the ISO layout.
                Iso144Interleaving = true,
            };
            var ours = new byte[2178];
            DataMatrixEncoder.EncodeCodewords(data, options, ours);

            var (exit, stdout, stderr) = ExternalTools.Run(dmtxwrite, data, "-c", "-e", "a", "-s", $"{size}x{size}");
            Assert.True(exit == 0, stderr);
            var theirs = System.Text.Encoding.ASCII.GetString(stdout)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => byte.Parse(line[(line.IndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();
            Assert.Equal(theirs, ours[..symbol.TotalCodewords]);
        }
    }
}
