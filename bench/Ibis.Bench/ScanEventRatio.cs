using System.Diagnostics;
using System.Globalization;

namespace Ibis.Bench;

/// <summary>
/// The ratios issue 14 asks for, measured so that a shared, loaded machine skews them as little as it can:
/// the four measurements of <see cref="ScanEventBenchmarks"/> are taken in alternating rounds (ceiling on every
/// core, scan events, ceiling on one core, one-off verifications, again and again), each path is compared with
/// the ceiling of its own round, and the median of those per-round ratios is reported with the load average
/// before and after. BenchmarkDotNet runs one benchmark after the other, so a build starting on the machine
/// halfway through its run lands on one side of the ratio only.
/// <c>dotnet run -c Release --project bench/Ibis.Bench -- scan-ratio [rounds]</c>
/// </summary>
public static class ScanEventRatio
{
    public static async Task Run(int rounds)
    {
        var bench = new ScanEventBenchmarks();
        Console.WriteLine($"setting up 10,000 signed indicia of 20 sandbox devices ({Load()})");
        bench.Setup();
        try
        {
            // Warm-up: JIT, the caches' first fill, SQLite's page cache.
            bench.VerifyCeilingAllCores();
            bench.VerifyCeilingOneCore();
            bench.EmptyScanStore();
            await bench.ScanEvents();
            await bench.OneOffVerification();

            if (rounds == 0)
            {
                // scan-ratio 0: only where a one-off verification's time goes (ScanEventBenchmarks.OneOffBreakdown).
                Console.WriteLine($"One-off breakdown, per call [{Load()}]");
                Console.WriteLine("| Step | µs | Bytes allocated |");
                Console.WriteLine("|---|---:|---:|");
                foreach (var (name, micros, bytes) in await bench.OneOffBreakdown())
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {micros:F1} | {bytes:N0} |"));
                Console.WriteLine($"[{Load()}]");
                return;
            }

            var loadBefore = Load();
            var rows = new List<(double AllCores, double Scan, double OneCore, double OneOff)>();
            for (var r = 0; r < rounds; r++)
            {
                var allCores = Time(() => bench.VerifyCeilingAllCores(), ScanEventBenchmarks.Events);
                bench.EmptyScanStore();
                var scan = await TimeAsync(bench.ScanEvents, ScanEventBenchmarks.Events);
                var oneCore = Time(() => bench.VerifyCeilingOneCore(), ScanEventBenchmarks.Events);
                var oneOff = await TimeAsync(bench.OneOffVerification, ScanEventBenchmarks.OneOffPieces);
                rows.Add((allCores, scan, oneCore, oneOff));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {r + 1,2}: ceiling all cores {allCores,7:F1} µs, scan events {scan,7:F1} µs ({allCores / scan,4:P0}); ceiling one core {oneCore,7:F1} µs, one-off {oneOff,7:F1} µs ({oneCore / oneOff,4:P0})   [{Load()}]"));
            }
            var loadAfter = Load();
            Console.WriteLine();
            Console.WriteLine($"Processors: {Environment.ProcessorCount}; load average before: {loadBefore}; after: {loadAfter}");
            Console.WriteLine("| Measurement (per piece, median of rounds) | µs | Pieces/s |");
            Console.WriteLine("|---|---:|---:|");
            Row("ECDSA P-256 verify ceiling, all cores (bare ECDsa)", Median(rows.Select(x => x.AllCores)));
            Row($"Scan events, 10,000 per request (RecordScanEvents + {(Environment.GetEnvironmentVariable("IBIS_BENCH_POSTGRES") is { Length: > 0 } ? "PostgreSQL" : "SQLite")} scan store)", Median(rows.Select(x => x.Scan)));
            Row("ECDSA P-256 verify ceiling, one core (bare ECDsa)", Median(rows.Select(x => x.OneCore)));
            Row("One-off verification (VerifyIndicium, one piece per call, one thread)", Median(rows.Select(x => x.OneOff)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Scan events / all-core ceiling, median of per-round ratios: {Median(rows.Select(x => x.AllCores / x.Scan)):P0} (min {rows.Min(x => x.AllCores / x.Scan):P0}, max {rows.Max(x => x.AllCores / x.Scan):P0}; target ≥ 80 %)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"One-off / one-core ceiling, median of per-round ratios: {Median(rows.Select(x => x.OneCore / x.OneOff)):P0} (min {rows.Min(x => x.OneCore / x.OneOff):P0}, max {rows.Max(x => x.OneCore / x.OneOff):P0}; target ≥ 50 %)"));
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static void Row(string name, double micros) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {micros:F1} | {1_000_000 / micros:N0} |"));

    private static double Time(Action run, int pieces)
    {
        var watch = Stopwatch.StartNew();
        run();
        return watch.Elapsed.TotalMicroseconds / pieces;
    }

    private static async Task<double> TimeAsync(Func<Task<int>> run, int pieces)
    {
        var watch = Stopwatch.StartNew();
        await run();
        return watch.Elapsed.TotalMicroseconds / pieces;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Load()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "load unknown";
        }
    }
}
