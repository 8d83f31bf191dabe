using System.Collections.Concurrent;
using System.Diagnostics;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>
/// Issue 4, decoder robustness: generated images with rotations 0–359°, 3–8 px modules, noise, blur,
/// uneven lighting and codeword damage up to and beyond the correctable limit. The reader must never
/// return wrong bytes; its read rate is reported next to ZXingReader's on the same images.
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    internal sealed record Sample(string Set, byte[] Payload, Conditions Conditions, GrayImage Image, bool Correctable);

    /// <summary>Named condition sets; each draws its parameters at random within its bounds.</summary>
    internal static readonly (string Name, Func<Random, Conditions> Draw, bool Correctable)[] Sets =
    [
        ("clean rotated", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5), true),
        ("moderate", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5,
            NoiseSigma: r.NextDouble() * 15, BlurModules: r.NextDouble() * 0.2, Gradient: r.NextDouble() * 0.4, Damage: r.NextDouble() * 0.5), true),
        ("noisy σ≤25", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5, NoiseSigma: 15 + r.NextDouble() * 10), true),
        ("blurred ≤1/3 module", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5, BlurModules: 0.2 + r.NextDouble() * 0.13, NoiseSigma: 5), true),
        ("gradient ≤0.6", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5, Gradient: 0.3 + r.NextDouble() * 0.3, NoiseSigma: 5), true),
        ("damage at limit", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5, Damage: 1.0), true),
        ("everything", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5,
            NoiseSigma: r.NextDouble() * 25, BlurModules: r.NextDouble() * 0.33, Gradient: r.NextDouble() * 0.5, Damage: r.NextDouble()), true),
        ("mirrored", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5, NoiseSigma: r.NextDouble() * 10, Mirrored: true), true),
        ("beyond limit", r => new Conditions(r.NextDouble() * 360, 3 + r.NextDouble() * 5, NoiseSigma: r.NextDouble() * 10, Damage: 1.3 + r.NextDouble()), false),
    ];

    internal static List<Sample> MakeSet(int perSet, int seed)
    {
        var samples = new List<Sample>();
        var random = new Random(seed);
        foreach (var (name, draw, correctable) in Sets)
        {
            for (var i = 0; i < perSet; i++)
            {
                var kind = (Payloads.Kind)(i % 3);
                var payload = Payloads.Make(random, kind, random.Next(1, 120));
                var options = i % 7 == 3 && payload.Length < 40
                    ? new DataMatrixOptions { Shape = DataMatrixShape.Rectangular }
                    : DataMatrixOptions.Default;
                var conditions = draw(random);
                var matrix = SymbolImages.Damage(DataMatrixEncoder.Encode(payload, options), conditions.Damage, random);
                samples.Add(new Sample(name, payload, conditions, SymbolImages.Render(matrix, conditions, random), correctable));
            }
        }
        return samples;
    }

    private const int PerSet = 40;

    /// <summary>One generated set, shared by the tests of this class.</summary>
    private static readonly Lazy<List<Sample>> Generated = new(() => MakeSet(PerSet, seed: 1515));

    [Fact]
    public void GeneratedSet_OurReader_NeverWrong_AndReadsModerateConditions()
    {
        var samples = Generated.Value;
        var ours = ReadAll(samples, s => DataMatrixReader.Read(s.Image) is { Success: true } r ? r.Data : null);
        Report(samples, ours, null);
        for (var i = 0; i < samples.Count; i++)
            Assert.True(ours[i] is null || ours[i]!.AsSpan().SequenceEqual(samples[i].Payload), $"wrong bytes for {samples[i].Conditions}");
        Assert.True(Rate(samples, ours, "clean rotated") >= 1.0);
        Assert.True(Rate(samples, ours, "moderate") >= 0.95);
    }

    [SkippableFact]
    public void GeneratedSet_ComparedWithZXingReader()
    {
        var zxing = ExternalTools.ZXingReader();
        var watch = Stopwatch.StartNew();
        var samples = Generated.Value;
        output.WriteLine($"{samples.Count} images ready in {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        var ours = ReadAll(samples, s => DataMatrixReader.Read(s.Image) is { Success: true } r ? r.Data : null);
        output.WriteLine($"ours read them in {watch.ElapsedMilliseconds} ms");
        using var dir = new TempDirectory();
        watch.Restart();
        var theirs = ReadOnOwnThreads(samples, s =>
        {
            var file = dir.File($"{Guid.NewGuid():N}.png");
            File.WriteAllBytes(file, PngWriter.EncodeGray8(s.Image));
            return ExternalTools.ZXingDecode(zxing, file);
        });
        output.WriteLine($"ZXingReader read them in {watch.ElapsedMilliseconds} ms (a process per image)");
        Report(samples, ours, theirs);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.True(ours[i] is null || ours[i]!.AsSpan().SequenceEqual(samples[i].Payload), $"wrong bytes for {samples[i].Conditions}");
            if (theirs[i] is not null && ours[i] is null) output.WriteLine($"  ZXingReader read, we did not: {samples[i].Set}: {samples[i].Conditions}");
        }
        // The target: a read rate at least as high as zxing-cpp's, on every condition set.
        foreach (var (name, _, correctable) in Sets)
            if (correctable) Assert.True(Rate(samples, ours, name) >= Rate(samples, theirs, name), $"{name}: below ZXingReader");
    }

    private static byte[]?[] ReadAll(List<Sample> samples, Func<Sample, byte[]?> read)
    {
        var results = new byte[]?[samples.Count];
        Parallel.For(0, samples.Count, i => results[i] = read(samples[i]));
        return results;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on dedicated threads: the process runner waits on pool tasks, and
    /// blocking pool threads with it would starve the pool.
    /// </summary>
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
