using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ibis.Load;

/// <summary>
/// The soak's samples: every --sample-seconds a CSV row of that interval — requests/s, p50 and p99 of its
/// successful requests, errors, the server's resident memory (VmRSS of /proc/PID/status, with --server-pid)
/// and its GC heap size when <c>/metrics</c> exposes one (else empty) — and at the end a verdict on whether
/// memory and p99 stayed flat (last third against first third, the first interval left out as warm-up).
/// The verdict is printed for the record; nothing asserts it.
/// </summary>
public sealed class SoakSampler(LoadOptions options, TextWriter log)
{
    public const string CsvHeader = "t_s,requests,requests_per_s,ok,errors_5xx_or_transport,p50_ms,p99_ms,rss_mb,gc_heap_mb,loadavg_1m";

    private sealed record Row(double T, int Requests, double Rps, int Ok, int Errors, double P50, double P99, double? RssMb, double? GcHeapMb, string LoadAvg);

    public async Task Run(Stopwatch clock, Func<List<(int Op, Sample Sample)>> drain, CancellationToken stop)
    {
        var rows = new List<Row>();
        using var metrics = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(10) };
        var path = options.SampleCsv!;
        if (!File.Exists(path) || new FileInfo(path).Length == 0) await File.WriteAllTextAsync(path, CsvHeader + "\n", CancellationToken.None);
        var last = clock.Elapsed;
        var period = TimeSpan.FromSeconds(options.SampleSeconds);
        while (true)
        {
            try
            {
                await Task.Delay(period, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var now = clock.Elapsed;
            var taken = drain();
            var seconds = (now - last).TotalSeconds;
            last = now;
            var ms = taken.Where(t => t.Sample.Status is >= 200 and <= 299).Select(t => t.Sample.ElapsedTicks * 1000.0 / Stopwatch.Frequency).Order().ToArray();
            var row = new Row(now.TotalSeconds, taken.Count, taken.Count / seconds, ms.Length,
                taken.Count(t => t.Sample.Status is 0 or >= 500), LoadResult.Rank(ms, 0.50), LoadResult.Rank(ms, 0.99), Rss(), await GcHeap(metrics), LoadAverage());
            rows.Add(row);
            var inv = CultureInfo.InvariantCulture;
            var line = string.Join(',', row.T.ToString("F0", inv), row.Requests.ToString(inv), row.Rps.ToString("F1", inv), row.Ok.ToString(inv), row.Errors.ToString(inv),
                row.P50.ToString("F1", inv), row.P99.ToString("F1", inv), row.RssMb?.ToString("F1", inv) ?? "", row.GcHeapMb?.ToString("F1", inv) ?? "", row.LoadAvg);
            await File.AppendAllTextAsync(path, line + "\n", CancellationToken.None);
            log.WriteLine($"sample t={row.T:F0}s {row.Rps:F1} req/s p50 {row.P50:F1} ms p99 {row.P99:F1} ms rss {row.RssMb?.ToString("F1", inv) ?? "-"} MB gc heap {row.GcHeapMb?.ToString("F1", inv) ?? "-"} MB errors {row.Errors} load {row.LoadAvg}");
        }
        log.Write(Verdict(rows));
    }

    private string Verdict(List<Row> rows)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var used = rows.Skip(1).ToList();
        if (used.Count < 3)
        {
            sb.AppendLine(inv, $"soak verdict: not enough samples ({rows.Count}; need at least 4 to compare thirds after the warm-up one)");
            return sb.ToString();
        }
        var third = used.Count / 3;
        var first = used.Take(third).ToList();
        var lastThird = used.Skip(used.Count - third).ToList();
        sb.AppendLine(inv, $"soak verdict ({used.Count} samples of {options.SampleSeconds} s after the first; last third against first third, tolerance {options.FlatTolerance:P0}):");
        Compare(sb, "server RSS, MB (mean)", first.Select(r => r.RssMb), lastThird.Select(r => r.RssMb), Mean);
        Compare(sb, "GC heap, MB (mean)", first.Select(r => r.GcHeapMb), lastThird.Select(r => r.GcHeapMb), Mean);
        Compare(sb, "p99, ms (median of intervals)", first.Select(r => (double?)r.P99), lastThird.Select(r => (double?)r.P99), Median);
        Compare(sb, "requests/s (mean)", first.Select(r => (double?)r.Rps), lastThird.Select(r => (double?)r.Rps), Mean, higherIsWorse: false);
        return sb.ToString();
    }

    private void Compare(StringBuilder sb, string what, IEnumerable<double?> first, IEnumerable<double?> last, Func<double[], double> summary, bool higherIsWorse = true)
    {
        var a = first.Where(v => v is not null && double.IsFinite(v.Value)).Select(v => v!.Value).ToArray();
        var b = last.Where(v => v is not null && double.IsFinite(v.Value)).Select(v => v!.Value).ToArray();
        if (a.Length == 0 || b.Length == 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {what}: not sampled (skipped)");
            return;
        }
        double x = summary(a), y = summary(b);
        var change = x == 0 ? 0 : (y - x) / x;
        var flat = higherIsWorse ? change <= options.FlatTolerance : change >= -options.FlatTolerance;
        sb.AppendLine(CultureInfo.InvariantCulture, $"  {what}: first third {x:F1}, last third {y:F1} ({change:+0.0%;-0.0%}) → {(flat ? "FLAT" : higherIsWorse ? "GREW" : "FELL")}");
    }

    private static double Mean(double[] v) => v.Average();

    private static double Median(double[] v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private double? Rss()
    {
        if (options.ServerPid is not { } pid) return null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
        }
        return null;
    }

    /// <summary>The sum of a GC heap size metric's series (by generation), if the server exports one.</summary>
    private static async Task<double?> GcHeap(HttpClient http)
    {
        try
        {
            var text = await http.GetStringAsync("metrics");
            string[] names = ["dotnet_gc_last_collection_heap_size_bytes", "process_runtime_dotnet_gc_heap_size_bytes", "dotnet_gc_heap_size_bytes"];
            foreach (var name in names)
            {
                double sum = 0;
                var found = false;
                foreach (var line in text.Split('\n'))
                {
                    if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length <= name.Length || line[name.Length] is not ('{' or ' ')) continue;
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    // "name{labels} value [timestamp]": the value follows the closing brace.
                    var value = line.Contains('}') ? line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0] : parts[1];
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) { sum += v; found = true; }
                }
                if (found) return sum / (1024 * 1024);
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }
        return null;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "";
        }
    }
}
