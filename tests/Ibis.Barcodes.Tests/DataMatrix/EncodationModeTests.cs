using System.Globalization;
using System.Text;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Tests.Support;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>
/// Codeword vectors per encodation scheme (issue 4): the ISO/IEC 16022 "AIMAIM" example and streams
/// printed by libdmtx's <c>dmtxwrite -c -e c|t|x|e|8</c>, for inputs where the scheme is the shortest.
/// Data codewords of the whole symbol, padding included.
/// </summary>
public sealed class EncodationModeTests
{
    public static TheoryData<DataMatrixEncodation, string, byte[]> Vectors => new()
    {
        // C40: latch 230, triplets 1600·v1 + 40·v2 + v3 + 1 as two codewords; no unlatch when the symbol is full.
        { DataMatrixEncodation.C40, "AIMAIM", [230, 91, 11, 91, 11] },
        { DataMatrixEncodation.C40, "ABCDEF", [230, 89, 233, 109, 36] },
        { DataMatrixEncodation.C40, "ABCDEFGHIJK", [230, 89, 233, 109, 36, 128, 95, 254, 75, 76, 129, 147] },
        // Text: the same with lower case in the basic set.
        { DataMatrixEncodation.Text, "aimaim", [239, 91, 11, 91, 11] },
        { DataMatrixEncodation.Text, "hello world", [239, 134, 42, 160, 164, 229, 128, 254, 109, 101, 129, 147] },
        // X12: CR * > space digits upper case, no shifts; the two left over go ASCII after the unlatch.
        { DataMatrixEncodation.X12, "AIMAIM", [238, 91, 11, 91, 11] },
        { DataMatrixEncodation.X12, "ABC*DEF>GHI", [238, 89, 233, 8, 251, 119, 37, 254, 73, 74, 129, 147] },
        // EDIFACT: four six-bit values in three codewords; with one or two codewords left the reader
        // is back in ASCII without an unlatch; otherwise value 31 ends the segment.
        { DataMatrixEncodation.Edifact, "ABCDEFGHIJKL", [240, 4, 32, 196, 20, 97, 200, 36, 162, 204, 129, 147] },
        { DataMatrixEncodation.Edifact, "ABC.DEF/GHI:JKL", [240, 4, 32, 238, 16, 81, 175, 28, 130, 122, 40, 179, 31, 129, 87, 237, 133, 28] },
        { DataMatrixEncodation.Edifact, "ABCDEFGHIJKLMNO", [240, 4, 32, 196, 20, 97, 200, 36, 162, 204, 52, 227, 223, 129, 87, 237, 133, 28] },
        // Base256: latch 231, length and bytes in the 255-state randomising.
        { DataMatrixEncodation.Base256, "hello", [231, 49, 41, 188, 88, 238, 135, 129] },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Scheme_WritesTheKnownCodewords(DataMatrixEncodation mode, string text, byte[] expected)
    {
        var codewords = new byte[SymbolInfo.MaxTotalCodewords];
        var symbol = DataMatrixEncoder.EncodeCodewords(Encoding.Latin1.GetBytes(text), new DataMatrixOptions { Encodation = mode }, codewords);
        Assert.Equal(expected, codewords[..symbol.DataCodewords]);
    }

    [SkippableFact]
    public void Scheme_AgreesWithDmtxwrite_WhereTheSchemeIsShortest()
    {
        var dmtxwrite = ExternalTools.DmtxWrite();
        foreach (var row in Vectors)
        {
            var (mode, text) = ((DataMatrixEncodation)row[0], (string)row[1]);
            var flag = mode switch
            {
                DataMatrixEncodation.C40 => "c",
                DataMatrixEncodation.Text => "t",
                DataMatrixEncodation.X12 => "x",
                DataMatrixEncodation.Edifact => "e",
                _ => "8",
            };
            var data = Encoding.Latin1.GetBytes(text);
            var theirs = DmtxwriteDataCodewords(dmtxwrite, data, flag);
            var ours = new byte[SymbolInfo.MaxTotalCodewords];
            var symbol = DataMatrixEncoder.EncodeCodewords(data, new DataMatrixOptions { Encodation = mode }, ours);
            Assert.True(theirs.AsSpan().SequenceEqual(ours.AsSpan(0, symbol.DataCodewords)), $"{mode} \"{text}\": ours {string.Join(' ', ours[..symbol.DataCodewords])}, libdmtx {string.Join(' ', theirs)}");
        }
    }

    public static TheoryData<string, byte[], string> EndOfDataCases => new()
    {
        // C40, one codeword left after the last triplet and one character to go: it is written in
        // ASCII without an unlatch (5.2.5.2 c): "A*B>C 1" then "2" fills 14×14 exactly.
        { "C40 trailing ASCII", [230, 87, 178, 93, 252, 100, 126, 51], "A*B>C 12" },
        // C40 with two values left: padded with Shift 1 to a triplet; the symbol is full, so no unlatch.
        { "C40 Shift 1 pad", [230, 89, 233, 109, 17], "ABCDE" },
        // EDIFACT with three values left: they and the unlatch make one last quadruplet.
        { "EDIFACT short quadruplet", [240, 4, 32, 223, 129], "ABC" },
        // EDIFACT, two codewords left after a quadruplet: the last two digits go ASCII as a pair.
        { "EDIFACT implicit ASCII", [240, 4, 32, 241, 153], "ABC123" },
        // X12 ending on a triplet with room left: unlatch, then padding.
        { "X12 unlatch", [238, 89, 233, 254, 129], "ABC" },
        // Text, one codeword left after the last triplet: the unlatch fills it.
        { "Text unlatch last", [239, 12, 171, 12, 212, 32, 56, 254], "ABC123" },
    };

    [Theory]
    [MemberData(nameof(EndOfDataCases))]
    public void EndOfData_StreamsOfTheStandardDecodeAsExpected(string name, byte[] codewords, string expected)
    {
        // The end-of-data forms our encoder writes (libdmtx writes the same); every one reads back
        // through the reader's codeword decoder, and through zxing-cpp and libdmtx in the oracle tests.
        Assert.NotNull(name);
        Assert.True(CodewordDecoder.TryDecode(codewords, out var data, out var error), error);
        Assert.Equal(expected, Encoding.Latin1.GetString(data));
    }

    [Fact]
    public void EveryScheme_RoundTripsRandomMixes_AtEveryCapacity()
    {
        // The end-of-data rules depend on the room left, so the same data goes through every capacity.
        var random = new Random(16022);
        var modes = Enum.GetValues<DataMatrixEncodation>();
        var buffer = new byte[SymbolInfo.MaxDataCodewords];
        for (var trial = 0; trial < 3000; trial++)
        {
            var data = RandomMixes.Make(random, random.Next(0, 40));
            var mode = modes[trial % modes.Length];
            var capacity = random.Next(1, 64);
            var n = Encodation.Encode(data, mode, buffer.AsSpan(0, capacity));
            if (n < 0) continue;
            Encodation.AddPadding(buffer, n, capacity);
            Assert.True(CodewordDecoder.TryDecode(buffer.AsSpan(0, capacity), out var back, out var error), $"{mode} cap {capacity}: {error}");
            Assert.Equal(data, back);
        }
    }

    [Fact]
    public void Auto_IsNeverLongerThanAnySingleScheme()
    {
        var random = new Random(4);
        var buffer = new byte[SymbolInfo.MaxDataCodewords];
        foreach (var _ in Enumerable.Range(0, 1500))
        {
            var data = RandomMixes.Make(random, random.Next(1, 120));
            var auto = DataMatrixEncoder.EncodeCodewords(data, DataMatrixOptions.Default, buffer).DataCodewords;
            foreach (var mode in Enum.GetValues<DataMatrixEncodation>())
            {
                var single = DataMatrixEncoder.EncodeCodewords(data, new DataMatrixOptions { Encodation = mode }, buffer).DataCodewords;
                Assert.True(auto <= single, $"{mode}: {single} < auto {auto} for [{string.Join(',', data)}]");
            }
        }
    }

    /// <summary>libdmtx's data codewords (padding included) from <c>dmtxwrite -c</c>.</summary>
    internal static byte[] DmtxwriteDataCodewords(string dmtxwrite, byte[] data, string scheme, string? size = null)
    {
        var args = new List<string> { "-c", "-e", scheme };
        if (size is not null) args.AddRange(["-s", size]);
        var (exit, stdout, stderr) = ExternalTools.Run(dmtxwrite, data, [.. args]);
        if (exit != 0) return [];
        Assert.True(exit == 0, stderr);
        return [.. Encoding.ASCII.GetString(stdout)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("d:", StringComparison.Ordinal))
            .Select(line => byte.Parse(line.AsSpan(2), CultureInfo.InvariantCulture))];
    }
}

/// <summary>Payloads built from runs of the character classes that favour each scheme.</summary>
internal static class RandomMixes
{
    private const string X12Only = "\r*> ";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";

    public static byte[] Make(Random random, int length)
    {
        var data = new byte[length];
        var i = 0;
        while (i < length)
        {
            var run = Math.Min(length - i, 1 + random.Next(random.Next(2) == 0 ? 4 : 24));
            var kind = random.Next(8);
            for (var k = 0; k < run; k++, i++)
            {
                data[i] = kind switch
                {
                    0 => (byte)('0' + random.Next(10)),
                    1 => (byte)Upper[random.Next(26)],
                    2 => (byte)Lower[random.Next(26)],
                    3 => random.Next(3) == 0 ? (byte)X12Only[random.Next(4)] : (byte)(random.Next(2) == 0 ? Upper[random.Next(26)] : '0' + random.Next(10)),
                    4 => (byte)random.Next(32, 95), // EDIFACT
                    5 => (byte)random.Next(256),
                    6 => (byte)random.Next(128, 256),
                    _ => (byte)random.Next(32, 127),
                };
            }
        }
        return data;
    }
}
