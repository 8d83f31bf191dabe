using System.Diagnostics;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Ibis.Barcodes.Tests.DataMatrix;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.Pdf417;

/// <summary>
/// Issue 4, decoder robustness for PDF417: generated images with rotations 0–359°, 2–6 px modules,
/// noise, blur, uneven lighting and codeword damage up to and beyond the correctable limit. The reader
/// must never return wrong bytes; its read rate is reported next to ZXingReader's on the same images.
/// </summary>
public sealed class Pdf417RobustnessTests(ITestOutputHelper output)
{
    internal sealed record Sample(string Set, byte[] Payload, Conditions Conditions, GrayImage Image, bool Correctable);

    /// <summary>Named condition sets; each draws its parameters at random within its bounds.</summary>
    internal static readonly (string Name, Func<Random, Conditions> Draw, bool Correctable)[] Sets =
    [
        ("clean rotated", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 3), true),
        ("small modules 2–3 px", r => new Conditions(r.NextDouble() * 360, 2 + r.NextDouble(), NoiseSigma: r.NextDouble() * 5), true),
        ("moderate", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 3,
            NoiseSigma: r.NextDouble() * 15, BlurModules: r.NextDouble() * 0.2, Gradient: r.NextDouble() * 0.4, Damage: r.NextDouble() * 0.5), true),
        ("noisy σ≤25", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 3, NoiseSigma: 15 + r.NextDouble() * 10), true),
        ("blurred ≤1/3 module", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 3, BlurModules: 0.2 + r.NextDouble() * 0.13, NoiseSigma: 5), true),
        ("gradient ≤0.6", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 3, Gradient: 0.3 + r.NextDouble() * 0.3, NoiseSigma: 5), true),
        ("damage at limit", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 3, Damage: 1.0), true),
        ("everything", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 3,
            NoiseSigma: r.NextDouble() * 25, BlurModules: r.NextDouble() * 0.33, Gradient: r.NextDouble() * 0.5, Damage: r.NextDouble()), true),
        ("beyond limit", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 3, NoiseSigma: r.NextDouble() * 10, Damage: 1.2 + r.NextDouble()), false),
    ];

    /// <summary>Condition sets the reader must read at least 95% of.</summary>
    private static readonly string[] Moderate = ["clean rotated", "moderate"];

    private const int PerSet = 16;

    /// <summary>One generated set, shared by the tests of this class.</summary>
    private static readonly Lazy<List<Sample>> Generated = new(() => MakeSet(PerSet, seed: 417));

    internal static List<Sample> MakeSet(int perSet, int seed)
    {
        // One seed per image, drawn in order, so that the set is the same however the rendering is scheduled.
        var random = new Random(seed);
        var jobs = new List<(string Name, Func<Random, Conditions> Draw, bool Correctable, int Index, int Seed)>();
        foreach (var (name, draw, correctable) in Sets)
            for (var i = 0; i < perSet; i++) jobs.Add((name, draw, correctable, i, random.Next()));
        var samples = new Sample[jobs.Count];
        Parallel.For(0, jobs.Count, j =>
        {
            var (name, draw, correctable, i, sampleSeed) = jobs[j];
            var r = new Random(sampleSeed);
            var payload = Payloads.Make(r, (Payloads.Kind)(i % 3), r.Next(1, 70));
            var options = new Pdf417Options { ErrorCorrectionLevel = r.Next(2, 6), Columns = r.Next(2, 7), RowHeight = r.Next(2, 5) };
            var conditions = draw(r);
            var matrix = Damage(Pdf417Encoder.Encode(payload, options), options, conditions.Damage, r);
            samples[j] = new Sample(name, payload, conditions, SymbolImages.Render(matrix, conditions, r), correctable);
        });
        return [.. samples];
    }

    /// <summary>
    /// Spoils share × floor((k − 2) / 2) distinct data-area codeword cells (at least one when share &gt; 0),
    /// k being the number of check codewords: within the limit every spoiled cell may even read as a
    /// wrong codeword and still be corrected; share &gt; 1 spoils more than k − 2 cells, past any repair.
    /// A spoiled cell is blanked, inked over or has some of its module columns inverted.
    /// </summary>
    internal static BitMatrix Damage(BitMatrix matrix, Pdf417Options options, double share, Random random)
    {
        if (share <= 0) return matrix;
        var rowHeight = options.RowHeight;
        var rows = matrix.Height / rowHeight;
        var columns = (matrix.Width - 69) / 17;
        var check = 2 << options.ErrorCorrectionLevel!.Value;
        var limit = (check - 2) / 2;
        var count = share <= 1 ? Math.Max(1, (int)Math.Floor(share * limit + 1e-9)) : check - 1 + (int)((share - 1) * limit);
        count = Math.Min(count, rows * columns);
        var copy = new BitMatrix(matrix.Width, matrix.Height);
        for (var y = 0; y < matrix.Height; y++)
            for (var x = 0; x < matrix.Width; x++) copy[x, y] = matrix[x, y];
        foreach (var cell in Enumerable.Range(0, rows * columns).OrderBy(_ => random.Next()).Take(count))
        {
            int r = cell / columns, x0 = 34 + 17 * (cell % columns);
            var kind = random.Next(3);
            var invert = new bool[17];
            for (var k = 0; k < 6; k++) invert[random.Next(17)] = true;
            for (var y = r * rowHeight; y < (r + 1) * rowHeight; y++)
            {
                for (var m = 0; m < 17; m++)
                {
                    copy[x0 + m, y] = kind switch
                    {
                        0 => false,
                        1 => true,
                        _ => copy[x0 + m, y] ^ invert[m],
                    };
                }
            }
        }
        return copy;
    }

    [Fact]
    public void GeneratedSet_OurReader_NeverWrong_AndReadsModerateConditions()
    {
        var watch = Stopwatch.StartNew();
        var samples = Generated.Value;
        output.WriteLine($"{samples.Count} images ready after {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        var ours = ReadAll(samples);
        output.WriteLine($"{samples.Count} images read in {watch.ElapsedMilliseconds} ms");
        Report(samples, ours, null);
        for (var i = 0; i < samples.Count; i++)
            Assert.True(ours[i] is null || ours[i]!.AsSpan().SequenceEqual(samples[i].Payload), $"wrong bytes for {samples[i].Conditions}");
        foreach (var name in Moderate) Assert.True(Rate(samples, ours, name) >= 0.95, $"{name}: {Rate(samples, ours, name):P1}");
    }

    [SkippableFact]
    public void GeneratedSet_ComparedWithZXingReader()
    {
        var zxing = Ibis.Testing.Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var samples = Generated.Value;
        var ours = ReadAll(samples);
        using var dir = new TempDirectory();
        var theirs = ReadOnOwnThreads(samples, s =>
        {
            var file = dir.File($"{Guid.NewGuid():N}.png");
            File.WriteAllBytes(file, PngWriter.EncodeGray8(s.Image));
            return Pdf417Tools.ZXingDecode(zxing, file);
        });
        Report(samples, ours, theirs);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.True(ours[i] is null || ours[i]!.AsSpan().SequenceEqual(samples[i].Payload), $"wrong bytes for {samples[i].Conditions}");
            if (theirs[i] is not null && ours[i] is null) output.WriteLine($"  ZXingReader read, we did not: {samples[i].Set}: {samples[i].Conditions}");
        }
        foreach (var (name, _, correctable) in Sets)
        {
            if (correctable)
                Assert.True(Rate(samples, ours, name) >= Rate(samples, theirs, name), $"{name}: below ZXingReader");
        }
    }

    private static byte[]?[] ReadAll(List<Sample> samples)
    {
        var results = new byte[]?[samples.Count];
        Parallel.For(0, samples.Count, i => results[i] = Pdf417Reader.Read(samples[i].Image) is { Success: true } r ? r.Data : null);
        return results;
    }

    /// <summary>Runs the external reader on dedicated threads, so that waiting on processes does not starve the pool.</summary>
    private static byte[]?[] ReadOnOwnThreads(List<Sample> samples, Func<Sample, byte[]?> read)
    {
        var results = new byte[]?[samples.Count];
        var next = -1;
        var threads = Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount)).Select(_ => new Thread(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < samples.Count; i = Interlocked.Increment(ref next))
                results[i] = read(samples[i]);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return results;
    }

    private static double Rate(List<Sample> samples, byte[]?[] results, string set)
    {
        int n = 0, ok = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].Set != set) continue;
            n++;
            if (results[i] is { } got && got.AsSpan().SequenceEqual(samples[i].Payload)) ok++;
        }
        return n == 0 ? 0 : (double)ok / n;
    }

    private void Report(List<Sample> samples, byte[]?[] ours, byte[]?[]? zxing)
    {
        foreach (var (name, _, _) in Sets)
        {
            var line = $"{name,-22} ours {Rate(samples, ours, name),6:P1}";
            if (zxing is not null) line += $"   ZXingReader {Rate(samples, zxing, name),6:P1}";
            output.WriteLine(line);
        }
        for (var i = 0; i < samples.Count; i++)
            if (samples[i].Correctable && ours[i] is null) output.WriteLine($"  missed: {samples[i].Set}: {samples[i].Conditions} {samples[i].Payload.Length}B");
    }
}
