using System.Diagnostics;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Ibis.Barcodes.Tests.Pdf417;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.Pages;

/// <summary>
/// Read rate on generated photographs of whole envelopes (warped in perspective, bent, lit unevenly
/// with glare, low contrast, bleeding ink, blurred, noised; PDF417 rows skewed): Ibis reads at least
/// as many as libdmtx (dmtxread) and zxing-cpp (ZXingReader) on the very same PNG files, and never
/// returns wrong bytes. The per-image table goes to the test output.
/// </summary>
public sealed class DegradedReadRateTests(ITestOutputHelper output)
{
    private const int DataMatrixImages = 24;
    private const int Pdf417Images = 12;

    [SkippableFact]
    public void DataMatrix_ReadRate_AtLeastLibdmtxAndZxing_NeverWrongBytes()
    {
        var dmtx = ExternalTools.DmtxRead();
        var zxing = ExternalTools.ZXingReader();
        var dir = Directory.CreateTempSubdirectory("ibis-degraded-dm-");
        try
        {
            var tally = new Tally();
            // The photos are judged side by side on every core (dmtxread alone spends seconds on each);
            // the tally stays in the set's order.
            var judged = DegradedSet.DataMatrix(DataMatrixImages).AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Max(2, Environment.ProcessorCount)).Select(sample =>
            {
                var png = Path.Combine(dir.FullName, sample.Name + ".png");
                File.WriteAllBytes(png, PngWriter.EncodeGray8(sample.Image));
                var ours = DataMatrixReader.ReadAll(sample.Image).Select(r => r.Data!).ToList();
                return (sample, Ours: Judge(ours, sample.Expected), Dmtx: Judge(ExternalTools.DmtxDecode(dmtx, png), sample.Expected),
                    Zxing: Judge(ExternalTools.ZXingDecode(zxing, png), sample.Expected));
            }).ToList();
            foreach (var j in judged) tally.Add(j.sample, j.Ours, j.Dmtx, j.Zxing);
            tally.Report(output, "libdmtx", "zxing-cpp");
            Assert.Equal(0, tally.OursWrong);
            Assert.True(tally.Ours >= tally.First, $"Ibis read {tally.Ours} of {tally.Count}, libdmtx {tally.First}");
            Assert.True(tally.Ours >= tally.Second, $"Ibis read {tally.Ours} of {tally.Count}, zxing-cpp {tally.Second}");
            // The set is meant to be hard, not impossible: a reader that reads nothing passes nothing.
            Assert.True(tally.Ours >= tally.Count / 2, $"Ibis read only {tally.Ours} of {tally.Count}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void Pdf417_ReadRate_AtLeastZxing_NeverWrongBytes()
    {
        var zxing = ExternalTools.ZXingReader();
        var dir = Directory.CreateTempSubdirectory("ibis-degraded-pdf417-");
        try
        {
            var tally = new Tally();
            var judged = DegradedSet.Pdf417(Pdf417Images).AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Max(2, Environment.ProcessorCount)).Select(sample =>
            {
                var png = Path.Combine(dir.FullName, sample.Name + ".png");
                File.WriteAllBytes(png, PngWriter.EncodeGray8(sample.Image));
                var ours = Pdf417Reader.ReadAll(sample.Image).Select(r => r.Data!).ToList();
                return (sample, Ours: Judge(ours, sample.Expected), Zxing: Judge(Pdf417Tools.ZXingDecode(zxing, png), sample.Expected));
            }).ToList();
            foreach (var j in judged) tally.Add(j.sample, j.Ours, Outcome.None, j.Zxing);
            tally.Report(output, "-", "zxing-cpp");
            Assert.Equal(0, tally.OursWrong);
            Assert.True(tally.Ours >= tally.Second, $"Ibis read {tally.Ours} of {tally.Count}, zxing-cpp {tally.Second}");
            // PDF417 under steep perspective is the hardest part of the set (rows cross each other):
            // neither reader reads most of it, so the floor is lower than for Data Matrix.
            Assert.True(tally.Ours >= tally.Count / 4, $"Ibis read only {tally.Ours} of {tally.Count}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    internal enum Outcome { None, Read, Wrong }

    /// <summary>Read when the expected bytes are among the reads; Wrong when anything else was read (the envelope's own indicium aside).</summary>
    private static Outcome Judge(List<byte[]> reads, byte[] expected) =>
        reads.Any(r => r.AsSpan().SequenceEqual(expected)) ? Outcome.Read
        : reads.Count == 0 ? Outcome.None : Outcome.Wrong;

    private static Outcome Judge(byte[]? read, byte[] expected) =>
        read is null ? Outcome.None
        : read.AsSpan().SequenceEqual(expected) ? Outcome.Read : Outcome.Wrong;

    private sealed class Tally
    {
        private readonly List<string> _lines = [];

        public int Count { get; private set; }

        public int Ours { get; private set; }

        public int OursWrong { get; private set; }

        public int First { get; private set; }

        public int Second { get; private set; }

        public void Add(DegradedSample sample, Outcome ours, Outcome first, Outcome second)
        {
            Count++;
            if (ours == Outcome.Read) Ours++;
            if (ours == Outcome.Wrong) OursWrong++;
            if (first == Outcome.Read) First++;
            if (second == Outcome.Read) Second++;
            _lines.Add($"{sample.Name} {sample.Image.Width}x{sample.Image.Height} ibis={ours} a={first} b={second} | {sample.Damage}");
        }

        public void Report(ITestOutputHelper output, string first, string second)
        {
            foreach (var line in _lines) output.WriteLine(line);
            output.WriteLine($"read: ibis {Ours}/{Count} (wrong {OursWrong}), {first} {First}/{Count}, {second} {Second}/{Count}");
        }
    }
}
