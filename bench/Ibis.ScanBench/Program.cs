using System.Diagnostics;
using System.Globalization;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Ibis.Barcodes.Tests.Support;

// Read rates and times of Ibis's readers beside libdmtx (dmtxread) and zxing-cpp (ZXingReader) on the
// generated set of degraded envelope photographs the tests use (tests/Ibis.Barcodes.Tests/Support).
// Usage: dotnet run -c Release --project bench/Ibis.ScanBench -- [--dm N] [--pdf417 N] [--keep DIR] [--only NAME] [--ours-only]
var dmCount = 24;
var pdfCount = 12;
string? keep = null;
string? only = null;
var oursOnly = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--dm": dmCount = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--pdf417": pdfCount = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--keep": keep = args[++i]; break;
        case "--only": only = args[++i]; break;
        case "--ours-only": oursOnly = true; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
var dir = keep ?? Directory.CreateTempSubdirectory("ibis-scanbench-").FullName;
Directory.CreateDirectory(dir);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}; images in {dir}");

var dm = Run("Data Matrix", DegradedSet.DataMatrix(dmCount), image => DataMatrixReader.ReadAll(image).Select(r => r.Data!).ToList(),
    ("libdmtx", png => Tool("dmtxread", "-N1", "-m", "20000", png)), ("zxing-cpp", png => Tool("ZXingReader", "-format", "DataMatrix", "-bytes", png)));
var pdf = Run("PDF417", DegradedSet.Pdf417(pdfCount), image => Pdf417Reader.ReadAll(image).Select(r => r.Data!).ToList(),
    ("zxing-cpp", png => Tool("ZXingReader", "-format", "PDF417", "-bytes", png)));
Console.WriteLine();
Console.WriteLine("| Set | Reader | Read | Wrong bytes | Median ms | Mean ms | Max ms |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var row in dm.Concat(pdf)) Console.WriteLine(row);
if (keep is null) Directory.Delete(dir, recursive: true);
return 0;

List<string> Run(string set, IEnumerable<DegradedSample> samples, Func<GrayImage, List<byte[]>> ours, params (string Name, Func<string, byte[]?> Read)[] others)
{
    if (oursOnly) others = [];
    var names = new[] { "Ibis" }.Concat(others.Select(o => o.Name)).ToArray();
    var read = new int[names.Length];
    var wrong = new int[names.Length];
    var times = names.Select(_ => new List<double>()).ToArray();
    var count = 0;
    foreach (var sample in samples)
    {
        if (only is not null && sample.Name != only) continue;
        count++;
        var png = Path.Combine(dir, sample.Name + ".png");
        File.WriteAllBytes(png, PngWriter.EncodeGray8(sample.Image));
        var line = $"{sample.Name} {sample.Image.Width}x{sample.Image.Height}";
        for (var k = 0; k < names.Length; k++)
        {
            var clock = Stopwatch.StartNew();
            var reads = k == 0 ? ours(sample.Image) : others[k - 1].Read(png) is { } bytes ? [bytes] : [];
            times[k].Add(clock.Elapsed.TotalMilliseconds);
            var ok = reads.Any(r => r.AsSpan().SequenceEqual(sample.Expected));
            if (ok) read[k]++;
            else if (reads.Count > 0) wrong[k]++;
            line += $" {names[k]}={(ok ? "read" : reads.Count > 0 ? "WRONG" : "-")}({clock.Elapsed.TotalMilliseconds:0}ms)";
        }
        Console.WriteLine($"{line} | {sample.Damage}");
    }
    var rows = new List<string>();
    for (var k = 0; k < names.Length; k++)
    {
        var t = times[k].Order().ToList();
        if (t.Count == 0) continue;
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {set} ({count} photos) | {names[k]} | {read[k]}/{count} | {wrong[k]} | {t[t.Count / 2]:0} | {t.Average():0} | {t[^1]:0} |"));
    }
    return rows;
}

// The external reader's bytes, or null when it reads nothing.
static byte[]? Tool(string tool, params string[] arguments)
{
    var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in arguments) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    using var stdout = new MemoryStream();
    var copy = p.StandardOutput.BaseStream.CopyToAsync(stdout);
    var stderr = p.StandardError.ReadToEndAsync();
    p.WaitForExit();
    copy.Wait();
    _ = stderr.Result;
    return p.ExitCode == 0 && stdout.Length > 0 ? stdout.ToArray() : null;
}
