using System.Collections.Concurrent;
using System.Diagnostics;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.Pdf417;

/// <summary>
/// Proof that our symbols scan: random payloads of every kind, at every error-correction level and
/// many column counts, are rendered to PNG and decoded byte for byte by zxing-cpp and by our reader.
/// </summary>
public sealed class RoundTripTests(ITestOutputHelper output)
{
    internal sealed record Case(string Name, byte[] Payload, Pdf417Options Options, int PixelsPerModule);

    internal static List<Case> RandomCases(int count, int seed)
    {
        var random = new Random(seed);
        var cases = new List<Case>(count);
        for (var i = 0; i < count; i++)
        {
            var level = i % 9;
            var maxLength = level >= 7 ? 100 : 260;
            var length = random.Next(1, maxLength + 1);
            var kind = i % 4;
            var payload = kind switch
            {
                0 => Payloads.Make(random, Payloads.Kind.Text, length),
                1 => Payloads.Make(random, Payloads.Kind.Digits, length),
                2 => Payloads.Make(random, Payloads.Kind.Binary, length),
                _ => CompactionTests.MixedPayload(random, length),
            };
            int? columns = random.Next(3) == 0 ? null : random.Next(1, 31);
            var options = new Pdf417Options
            {
                ErrorCorrectionLevel = level,
                Columns = columns,
                RowHeight = 3 + random.Next(2),
                AspectRatio = random.Next(2) == 0 ? 3.0 : 0.5 + random.NextDouble() * 5,
            };
            if (!Fits(payload, options)) options = options with { Columns = null };
            cases.Add(new Case($"#{i} kind {kind}, {length} B, level {level}, columns {columns?.ToString() ?? "auto"}", payload, options, 2 + random.Next(3)));
        }
        return cases;
    }

    private static bool Fits(byte[] payload, Pdf417Options options)
    {
        try
        {
            Pdf417Encoder.Encode(payload, options);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [SkippableFact]
    public void RandomPayloads_EveryLevel_DecodeByteExact_WithZXingAndOurReader()
    {
        var zxing = ExternalTools.ZXingReader();
        var cases = RandomCases(1000, 15438);
        using var dir = new TempDirectory();
        var watch = Stopwatch.StartNew();
        var failures = new ConcurrentBag<string>();
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, i =>
        {
            var c = cases[i];
            var matrix = Pdf417Encoder.Encode(c.Payload, c.Options);
            var png = PngWriter.Encode(matrix, c.PixelsPerModule, 2);
            var file = dir.File($"case{i}.png");
            File.WriteAllBytes(file, png);
            var got = Pdf417Tools.ZXingDecode(zxing, file);
            if (got is null || !got.AsSpan().SequenceEqual(c.Payload))
                failures.Add($"ZXingReader, {c.Name} ({matrix.Width}x{matrix.Height}): {Describe(got)}");

            var ours = Pdf417Reader.Read(TestPng.Decode(png));
            if (!ours.Success || !ours.Data!.AsSpan().SequenceEqual(c.Payload))
                failures.Add($"Pdf417Reader, {c.Name} ({matrix.Width}x{matrix.Height}): {ours}");
            else if (ours.CorrectedErrors != 0 || ours.ErrorCorrectionLevel != c.Options.ErrorCorrectionLevel)
                failures.Add($"Pdf417Reader, {c.Name}: clean symbol reported {ours}");
        });
        output.WriteLine($"{cases.Count} symbols decoded by both readers in {watch.ElapsedMilliseconds} ms");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(20)));
    }

    [SkippableFact]
    public void IndiciumPayload_DefaultOptions_DecodesWithZXing()
    {
        var zxing = ExternalTools.ZXingReader();
        using var dir = new TempDirectory();
        foreach (var length in new[] { 124, 150, 300 })
        {
            var payload = Payloads.Indicium(length);
            var matrix = Pdf417Encoder.Encode(payload);
            var file = dir.File($"indicium{length}.png");
            File.WriteAllBytes(file, PngWriter.Encode(matrix, 2, 2));
            Assert.Equal(payload, Pdf417Tools.ZXingDecode(zxing, file));
            Assert.Equal(payload, Pdf417Reader.Read(TestPng.Decode(File.ReadAllBytes(file))).Data);
        }
    }

    private static string Describe(byte[]? got) => got is null ? "nothing decoded" : $"{got.Length} bytes that differ";
}
