using System.Collections.Concurrent;
using System.Text;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Tests.Support;
using Ibis.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>
/// Issue 4 codeword-count tests: our symbols are never larger than zxing-cpp's (<c>ZXingWriter</c>)
/// and our data codewords never more than libdmtx's optimising mode (<c>dmtxwrite -e b</c>).
/// </summary>
public sealed class OptimalEncodingTests(ITestOutputHelper output)
{
    /// <summary>Inputs whose shortest encodation is easy to see, one per scheme and mix.</summary>
    private static readonly string[] Known =
    [
        "123456", "1234567890123456789012345678901234567890", "AIMAIM", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "HELLO WORLD 2026", "hello world", "the quick brown fox jumps over the lazy dog",
        "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG", "ABC*DEF>GHI JKL*MNO>PQR", "A*B>C 12",
        "ABC.DEF/GHI:JKL;MNO<PQR=STU?VWX", "Ibis PC Postage 0001", "SV1234567890 ZIP 20260-0001",
        "JGB 012100123412345678AB19XY1A 0             www.xyz.com", "a1b2c3d4e5f6g7h8i9j0",
        "Data Matrix ECC200", "[)>05", "!!!!!!!!!!!!!!!!!!!!", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "0", "00", "A", "AB", "ABC", "ABCD", "ABCDE",
    ];

    [SkippableFact]
    public void SymbolSize_NeverLargerThanZXingWriter()
    {
        var writer = Requires.Tool("ZXingWriter", "zxing-cpp-tools");
        var random = new Random(998);
        var inputs = Known.Concat(Enumerable.Range(0, 250).Select(_ => Printable(random))).ToArray();
        using var dir = new TempDirectory();
        var losses = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        int smaller = 0, same = 0;
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var text = inputs[i];
            var file = dir.File($"z{i}.png");
            var (exit, _, stderr) = ExternalTools.Run(writer, null, "-size", "400x400", "-margin", "0", "DataMatrix", text, file);
            if (exit != 0)
            {
                // zxing-cpp 1.4's legacy encoder rejects some EDIFACT runs ("Illegal character").
                refused.Add($"\"{text}\": {stderr.Trim()}");
                return;
            }
            var (rows, columns) = ModulesOf(TestPng.Decode(File.ReadAllBytes(file)));
            var theirs = SymbolInfo.Find(rows, columns);
            Assert.NotNull(theirs);
            // zxing-cpp may pick a rectangle; compare with our choice over both shapes, by capacity.
            var ours = DataMatrixEncoder.EncodeCodewords(Encoding.ASCII.GetBytes(text), new DataMatrixOptions { Shape = DataMatrixShape.Any }, new byte[SymbolInfo.MaxTotalCodewords]);
            if (ours.DataCodewords > theirs.DataCodewords) losses.Add($"\"{text}\": ours {ours}, zxing {theirs}");
            else if (ours.DataCodewords < theirs.DataCodewords) Interlocked.Increment(ref smaller);
            else Interlocked.Increment(ref same);
        });
        output.WriteLine($"{inputs.Length} inputs: smaller than zxing-cpp {smaller}, same {same}, larger {losses.Count}, zxing-cpp refused {refused.Count}");
        foreach (var r in refused.Take(5)) output.WriteLine($"  refused {r}");
        Assert.True(losses.IsEmpty, string.Join("\n", losses.Take(20)));
    }

    [SkippableFact]
    public void DataCodewords_NeverMoreThanLibdmtxBest()
    {
        var dmtxwrite = ExternalTools.DmtxWrite();
        var random = new Random(17);
        var inputs = Known.Select(Encoding.ASCII.GetBytes)
            .Concat(Enumerable.Range(0, 400).Select(_ => RandomMixes.Make(random, random.Next(1, 90))))
            .ToArray();
        var losses = new ConcurrentBag<string>();
        int fewer = 0, same = 0, refused = 0, smallerSymbol = 0;
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var data = inputs[i];
            var theirs = EncodationModeTests.DmtxwriteDataCodewords(dmtxwrite, data, "b");
            if (theirs.Length == 0)
            {
                Interlocked.Increment(ref refused);
                return;
            }
            var codewords = new byte[SymbolInfo.MaxTotalCodewords];
            var symbol = DataMatrixEncoder.EncodeCodewords(data, DataMatrixOptions.Default, codewords);
            int ours = Unpadded(codewords.AsSpan(0, symbol.DataCodewords)), their = Unpadded(theirs);
            if (ours > their) losses.Add($"[{string.Join(',', data)}]: ours {ours} ({symbol}), libdmtx {their} ({theirs.Length} capacity)");
            else if (ours < their) Interlocked.Increment(ref fewer);
            else Interlocked.Increment(ref same);
            if (symbol.DataCodewords < theirs.Length) Interlocked.Increment(ref smallerSymbol);
        });
        output.WriteLine($"{inputs.Length} inputs: fewer codewords than libdmtx -e b {fewer} (smaller symbol {smallerSymbol}), same {same}, more {losses.Count}, libdmtx refused {refused}");
        Assert.True(losses.IsEmpty, string.Join("\n", losses.Take(20)));
    }

    /// <summary>Data codewords before the padding (a 129 followed by the 253-state pad sequence to the end).</summary>
    internal static int Unpadded(ReadOnlySpan<byte> codewords)
    {
        var scratch = new byte[codewords.Length];
        var j = codewords.Length;
        for (; j > 0; j--)
        {
            Encodation.AddPadding(scratch, j - 1, codewords.Length);
            if (codewords[j - 1] != 129 || !codewords[j..].SequenceEqual(scratch.AsSpan(j, codewords.Length - j))) continue;
            return j - 1;
        }
        return codewords.Length;
    }

    private static string Printable(Random random)
    {
        var data = RandomMixes.Make(random, random.Next(1, 80));
        // Printable ASCII only (command-line text), never a leading '-'.
        var chars = data.Select(b => (char)(b is >= 32 and < 127 ? b : 32 + b % 95)).ToArray();
        if (chars[0] == '-') chars[0] = 'X';
        return new string(chars);
    }

    /// <summary>
    /// Rows and columns from the timing patterns: within the dark bounding box (ZXingWriter centres
    /// the symbol), the top row and the right column alternate once per module.
    /// </summary>
    private static (int Rows, int Columns) ModulesOf(Ibis.Barcodes.Imaging.GrayImage image)
    {
        int left = image.Width, right = -1, top = image.Height, bottom = -1;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image[x, y] >= 128) continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
            }
        }
        static int Runs(Func<int, bool> dark, int from, int to)
        {
            var runs = 1;
            for (var k = from + 1; k <= to; k++) if (dark(k) != dark(k - 1)) runs++;
            return runs;
        }
        // The right column has dark modules, so the box spans the whole symbol.
        if (right < 0) return (0, 0);
        return (Runs(y => image[right, y] < 128, top, bottom), Runs(x => image[x, top] < 128, left, right));
    }
}
