using System.Diagnostics;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>
/// Proof that our symbols scan: every PNG we write is decoded by two independent readers
/// (zxing-cpp and libdmtx) and must give back the payload byte for byte.
/// </summary>
public sealed class ExternalDecoderTests(ITestOutputHelper output)
{
    private sealed record Case(string Name, byte[] Payload, DataMatrixOptions Options, int PixelsPerModule, bool Zxing = true, bool Dmtx = true);

    [SkippableFact]
    public void RandomPayloads_DecodeByteExact_WithZXingAndLibdmtx()
    {
        var zxing = ExternalTools.ZXingReader();
        var dmtx = ExternalTools.DmtxRead();
        var random = new Random(20260101);
        var cases = new List<Case>();
        for (var i = 0; i < 510; i++)
        {
            var kind = (Payloads.Kind)(i % 3);
            var payload = Payloads.Make(random, kind, random.Next(1, 301));
            var encodation = i % 17 == 0 ? DataMatrixEncodation.Base256 : i % 19 == 0 ? DataMatrixEncodation.Ascii : DataMatrixEncodation.Auto;
            cases.Add(new Case($"#{i} {kind} {payload.Length}B {encodation}", payload, new DataMatrixOptions { Encodation = encodation }, 2 + i % 4));
        }
        RunAll(zxing, dmtx, cases);
    }

    [SkippableFact]
    public void EverySquareSize_Forced_DecodesWithZXingAndLibdmtx()
    {
        var zxing = ExternalTools.ZXingReader();
        var dmtx = ExternalTools.DmtxRead();
        var random = new Random(144);
        var cases = new List<Case>();
        foreach (var size in DataMatrixEncoder.SquareSizes)
        {
            // Nearly full, binary: exercises Base256 length fields, every block and the interleave.
            var capacity = SymbolInfo.Find(size, size)!.DataCodewords;
            var payload = Payloads.Make(random, Payloads.Kind.Binary, Math.Max(1, capacity - (capacity > 251 ? 3 : 2)));
            var ppm = size > 100 ? 3 : 4;
            if (size == 144)
            {
                // The two readers disagree on 144×144: zxing-cpp reads the de facto check-codeword
                // layout (our default), libdmtx only the ISO one. Each gets the layout it reads.
                cases.Add(new Case("144 de facto", payload, new DataMatrixOptions { Size = size }, ppm, Dmtx: false));
                cases.Add(new Case("144 ISO", payload, new DataMatrixOptions { Size = size, Iso144Interleaving = true }, ppm, Zxing: false));
                continue;
            }
            cases.Add(new Case($"{size}x{size}", payload, new DataMatrixOptions { Size = size }, ppm));
            // And once nearly empty, so most of the symbol is randomised padding.
            cases.Add(new Case($"{size}x{size} short", "Ib"u8.ToArray(), new DataMatrixOptions { Size = size }, ppm));
        }
        RunAll(zxing, dmtx, cases);
    }

    [SkippableFact]
    public void IndiciumPayload_In44x44_Base256_Decodes()
    {
        var zxing = ExternalTools.ZXingReader();
        var dmtx = ExternalTools.DmtxRead();
        var payload = Payloads.Indicium(124);
        var cases = new List<Case>
        {
            new("indicium auto", payload, DataMatrixOptions.Default, 4),
            new("indicium 44 base256", payload, new DataMatrixOptions { Size = 44, Encodation = DataMatrixEncodation.Base256 }, 4),
            new("indicium 44 base256 2px", payload, new DataMatrixOptions { Size = 44, Encodation = DataMatrixEncodation.Base256 }, 2),
        };
        Assert.True(DataMatrixEncoder.Encode(payload).Width <= 44);
        RunAll(zxing, dmtx, cases);
    }

    private void RunAll(string zxing, string dmtx, List<Case> cases)
    {
        using var dir = new TempDirectory();
        var watch = Stopwatch.StartNew();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, i =>
        {
            var c = cases[i];
            var matrix = DataMatrixEncoder.Encode(c.Payload, c.Options);
            var file = dir.File($"case{i}.png");
            File.WriteAllBytes(file, PngWriter.Encode(matrix, c.PixelsPerModule));
            if (c.Zxing)
            {
                var got = ExternalTools.ZXingDecode(zxing, file);
                if (got is null || !got.AsSpan().SequenceEqual(c.Payload))
                    failures.Add($"ZXingReader, {c.Name} ({matrix.Width}x{matrix.Height}): {Describe(got)}");
            }
            if (c.Dmtx)
            {
                // libdmtx's edge finder misses some symbols at 2 px per module, its own included;
                // it gets the same symbol at 3 px.
                if (c.PixelsPerModule < 3)
                {
                    file = dir.File($"case{i}-3px.png");
                    File.WriteAllBytes(file, PngWriter.Encode(matrix, 3));
                }
                var got = ExternalTools.DmtxDecode(dmtx, file);
                if (got is null || !got.AsSpan().SequenceEqual(c.Payload))
                    failures.Add($"dmtxread, {c.Name} ({matrix.Width}x{matrix.Height}): {Describe(got)}");
            }
        });
        output.WriteLine($"{cases.Count} symbols decoded by both readers in {watch.ElapsedMilliseconds} ms");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
    }

    private static string Describe(byte[]? got) => got is null ? "nothing decoded" : $"{got.Length} bytes that differ";
}
