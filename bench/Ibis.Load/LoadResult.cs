using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ibis.Load;

/// <summary>What a run measured, and its report as text and as one CSV row.</summary>
/// <remarks>
/// A mixed run (<see cref="MixedRunner"/>) gives one result per operation (<paramref name="opName"/> print,
/// batch, reset, verify) and one for all of them (<c>mixed</c>, whose <paramref name="pieces"/> counts the
/// pieces of prints and batches). The CSV keeps the columns it had; <c>devices</c> and <c>mix</c> come last.
/// </remarks>
public sealed class LoadResult(LoadOptions options, TimeSpan elapsed, string stopReason, IReadOnlyList<Sample> samples, int piecesPerRequest, IReadOnlyList<Sample> topUps,
    string? opName = null, int devices = 1, string mix = "", long? pieces = null)
{
    public const string CsvHeader = "label,op,concurrency,batch_size,seconds,requests,ok,requests_per_s,pieces_per_s,p50_ms,p95_ms,p99_ms,max_ms,status_codes,top_ups,stop_reason,devices,mix";

    public string Op => opName ?? options.Operation.ToString().ToLowerInvariant();

    public int Requests => samples.Count;
    public int Succeeded => samples.Count(s => s.Status is >= 200 and <= 299);
    public int ServerErrors => samples.Count(s => s.Status >= 500) + topUps.Count(s => s.Status >= 500);
    public int TransportErrors => samples.Count(s => s.Status == 0) + topUps.Count(s => s.Status == 0);
    public double RequestsPerSecond => Requests / elapsed.TotalSeconds;
    public long Pieces => pieces ?? (long)Succeeded * piecesPerRequest;
    public double PiecesPerSecond => Pieces / elapsed.TotalSeconds;
    private bool HasPieces => piecesPerRequest > 0 || pieces > 0;
    private bool IsBatch => Op == "batch";

    /// <summary>Latency percentiles of the successful requests (nearest rank), in milliseconds.</summary>
    public (double P50, double P95, double P99, double Max) Latency()
    {
        var ms = samples.Where(s => s.Status is >= 200 and <= 299).Select(s => Milliseconds(s.ElapsedTicks)).Order().ToArray();
        if (ms.Length == 0) return (double.NaN, double.NaN, double.NaN, double.NaN);
        return (Rank(ms, 0.50), Rank(ms, 0.95), Rank(ms, 0.99), ms[^1]);
    }

    public string StatusCodes(IReadOnlyList<Sample> of) => string.Join(' ', of.GroupBy(s => s.Status).OrderBy(g => g.Key)
        .Select(g => $"{(g.Key == 0 ? "transport-error" : g.Key.ToString(CultureInfo.InvariantCulture))}={g.Count()}"));

    public string ToText()
    {
        var (p50, p95, p99, max) = Latency();
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var batch = IsBatch ? $" batch-size={options.BatchSize}" : "";
        var spread = devices > 1 || mix.Length > 0 ? $" devices={devices}{(mix.Length > 0 ? " mix=" + mix : "")}" : "";
        sb.AppendLine(inv, $"op={Op} concurrency={options.Concurrency}{batch}{spread} elapsed={elapsed.TotalSeconds:F2}s stopped: {stopReason}");
        if (options.Rate > 0)
            sb.AppendLine(inv, $"offered:  {options.Rate:F1} requests/s on a fixed schedule (open loop, at most {options.Concurrency} in flight; latency from each request's due time)");
        sb.AppendLine(inv, $"requests: {Requests} ({RequestsPerSecond:F1}/s), successful {Succeeded}");
        if (HasPieces) sb.AppendLine(inv, $"pieces:   {Pieces} ({PiecesPerSecond:F1}/s)");
        sb.AppendLine(inv, $"latency of successful requests, ms: p50 {p50:F1}  p95 {p95:F1}  p99 {p99:F1}  max {max:F1}");
        sb.AppendLine(inv, $"status codes: {StatusCodes(samples)}");
        if (topUps.Count > 0)
            sb.AppendLine(inv, $"top-up resets: {StatusCodes(topUps)}, ms: {string.Join(' ', topUps.Select(s => Milliseconds(s.ElapsedTicks).ToString("F1", inv)))}");
        return sb.ToString();
    }

    public string ToCsv()
    {
        var (p50, p95, p99, max) = Latency();
        var inv = CultureInfo.InvariantCulture;
        return string.Join(',',
            Csv(options.Label ?? ""), Op, options.Concurrency.ToString(inv),
            IsBatch ? options.BatchSize.ToString(inv) : "",
            elapsed.TotalSeconds.ToString("F2", inv), Requests.ToString(inv), Succeeded.ToString(inv),
            RequestsPerSecond.ToString("F1", inv), HasPieces ? PiecesPerSecond.ToString("F1", inv) : "",
            p50.ToString("F1", inv), p95.ToString("F1", inv), p99.ToString("F1", inv), max.ToString("F1", inv),
            Csv(StatusCodes(samples)), Csv(StatusCodes(topUps)), Csv(stopReason),
            devices.ToString(inv), Csv(mix));
    }

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>The nearest-rank percentile <paramref name="p"/> of ascending <paramref name="sorted"/> (NaN for none).</summary>
    internal static double Rank(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
