using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>
/// Issue 4: 2,000 random payloads mixing digits, upper and lower case, X12, EDIFACT and binary runs,
/// over every scheme, shape and (forced) size up to 132×132; each symbol must read back byte for
/// byte through zxing-cpp, libdmtx and our own reader.
/// </summary>
public sealed class EncoderOracleTests(ITestOutputHelper output)
{
    private sealed record Case(int Index, byte[] Payload, DataMatrixOptions Options, BitMatrix Matrix);

    [SkippableFact]
    public void TwoThousandMixedPayloads_DecodeByteExact_WithZXingLibdmtxAndOurReader()
    {
        var zxing = ExternalTools.ZXingReader();
        var dmtx = ExternalTools.DmtxRead();
        var cases = MakeCases(new Random(4_2026), 2000);
        Assert.Equal(2000, cases.Count);
        // Every size and every scheme came up.
        Assert.Equal(SymbolInfo.All.Count - 1, cases.Select(c => (c.Matrix.Width, c.Matrix.Height)).Distinct().Count());

        using var dir = new TempDirectory();
        var watch = Stopwatch.StartNew();
        var failures = new ConcurrentBag<string>();
        var files = new string[cases.Count];
        Parallel.For(0, cases.Count, i =>
        {
            var c = cases[i];
            files[i] = dir.File($"s{i}.png");
            File.WriteAllBytes(files[i], PngWriter.Encode(c.Matrix, 3));
            var ours = DataMatrixReader.Read(GrayImage.FromMatrix(c.Matrix, 3, 1));
            if (!ours.Success || !ours.Data.AsSpan().SequenceEqual(c.Payload)) failures.Add($"ours: {Describe(c)}");
        });

        // zxing-cpp reads a whole batch of files per process; libdmtx one file per process.
        var batches = Enumerable.Range(0, (cases.Count + 99) / 100).ToArray();
        var dmtxWork = Task.Run(() => Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var got = ExternalTools.DmtxDecode(dmtx, files[i]);
            if (got is null || !got.AsSpan().SequenceEqual(cases[i].Payload)) failures.Add($"dmtxread: {Describe(cases[i])}");
        }));
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, b =>
        {
            var range = Enumerable.Range(b * 100, Math.Min(100, cases.Count - b * 100)).ToArray();
            var results = ZXingDecodeMany(zxing, [.. range.Select(i => files[i])]);
            foreach (var i in range)
            {
                if (!results.TryGetValue(files[i], out var got) || !got.AsSpan().SequenceEqual(cases[i].Payload))
                    failures.Add($"ZXingReader: {Describe(cases[i])}");
            }
        });
        dmtxWork.Wait();
        output.WriteLine($"{cases.Count} symbols, three readers, {watch.ElapsedMilliseconds} ms");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(20)));
    }

    private static List<Case> MakeCases(Random random, int count)
    {
        var modes = Enum.GetValues<DataMatrixEncodation>();
        var cases = new List<Case>(count);
        var codewords = new byte[SymbolInfo.MaxTotalCodewords];
        var rectangles = SymbolInfo.All.Where(s => !s.IsSquare).ToArray();
        while (cases.Count < count)
        {
            var i = cases.Count;
            // Mostly short (every small size and all rectangles), some long enough for 132×132.
            var length = i % 10 == 0 ? random.Next(200, 1200) : i % 3 == 0 ? random.Next(40, 200) : random.Next(1, 40);
            var payload = RandomMixes.Make(random, length);
            var mode = i % 2 == 0 ? DataMatrixEncodation.Auto : modes[random.Next(modes.Length)];
            var options = new DataMatrixOptions
            {
                Encodation = mode,
                Shape = (DataMatrixShape)(i % 5 == 1 ? 1 : i % 5 == 2 ? 2 : 0),
            };
            if (i % 7 == 3)
            {
                // A forced size at or above the automatic one: more room changes the end-of-data rules.
                SymbolInfo auto;
                try { auto = DataMatrixEncoder.EncodeCodewords(payload, options, codewords); }
                catch (ArgumentException) { continue; }
                var larger = SymbolInfo.All.Where(s => s.IsSquare == auto.IsSquare && s.DataCodewords >= auto.DataCodewords && s.Rows < 144).ToArray();
                if (larger.Length == 0) continue;
                var forced = larger[random.Next(Math.Min(3, larger.Length))];
                options = options with { Size = forced.Rows, Columns = forced.IsSquare ? null : forced.Columns };
            }
            BitMatrix matrix;
            try { matrix = DataMatrixEncoder.Encode(payload, options); }
            catch (ArgumentException) { continue; } // too long for a rectangle, or for Base256/ASCII alone
            if (matrix.Width == 144) continue; // readers disagree on the 144×144 interleave; covered elsewhere
            cases.Add(new Case(i, payload, options, matrix));
        }
        // Make sure each rectangle is in, forced if random selection missed one.
        foreach (var r in rectangles)
        {
            if (cases.Any(c => c.Matrix.Height == r.Rows && c.Matrix.Width == r.Columns)) continue;
            var payload = RandomMixes.Make(random, 3);
            var options = new DataMatrixOptions { Size = r.Rows, Columns = r.Columns };
            cases[cases.Count - 1 - cases.Count % 50] = new Case(-1, payload, options, DataMatrixEncoder.Encode(payload, options));
        }
        return cases;
    }

    /// <summary>Runs ZXingReader over several files at once and parses each file's "Bytes:" line.</summary>
    private static Dictionary<string, byte[]> ZXingDecodeMany(string tool, string[] files)
    {
        var (_, stdout, _) = ExternalTools.Run(tool, null, ["-format", "DataMatrix", .. files]);
        var results = new Dictionary<string, byte[]>();
        string? file = null;
        foreach (var line in Encoding.UTF8.GetString(stdout).Split('\n'))
        {
            if (line.StartsWith("File:", StringComparison.Ordinal)) file = line[5..].Trim();
            else if (line.StartsWith("Bytes:", StringComparison.Ordinal) && file is not null && !results.ContainsKey(file))
            {
                var hex = line[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                results[file] = [.. hex.Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
            }
        }
        // A single file is printed without a "File:" header.
        if (files.Length == 1 && results.Count == 0)
        {
            var line = Encoding.UTF8.GetString(stdout).Split('\n').FirstOrDefault(l => l.StartsWith("Bytes:", StringComparison.Ordinal));
            if (line is not null)
                results[files[0]] = [.. line[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
        }
        return results;
    }

    private static string Describe(Case c) =>
        $"#{c.Index} {c.Options.Encodation} {c.Options.Shape} size {c.Options.Size}x{c.Options.Columns} → {c.Matrix.Height}x{c.Matrix.Width}, " +
        $"{c.Payload.Length} B [{string.Join(',', c.Payload.Take(60))}]";
}
