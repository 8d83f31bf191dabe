using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ibis.Load;

/// <summary>One request as the client saw it: its status (0 for a transport error) and its latency.</summary>
public readonly record struct Sample(int Status, long ElapsedTicks);

/// <summary>
/// Drives one device with C concurrent clients, each sending its next request as soon as the last
/// one answered (closed loop), until the time or request limit, or until the money runs out (402).
/// </summary>
public sealed class LoadRunner(LoadOptions options, TextWriter log)
{
    private const string JsonMediaType = "application/json";

    private int issued;
    private int stopping;
    private int topUpBusy;
    private int topUpDisabled;
    private string? stopReason;
    private readonly List<Sample> topUps = [];

    public async Task<LoadResult> Run(CancellationToken ct)
    {
        using var http = CreateClient();
        var endpoint = options.Operation switch
        {
            LoadOperation.Print => $"v1/devices/{options.DeviceId}/indicia",
            LoadOperation.Batch => $"v1/devices/{options.DeviceId}/indicia/batch",
            _ => $"v1/devices/{options.DeviceId}/resets",
        };
        var body = options.Operation switch
        {
            LoadOperation.Print => PieceJson(),
            LoadOperation.Batch => "{\"pieces\":[" + string.Join(',', Enumerable.Repeat(PieceJson(), options.BatchSize)) + "]}",
            _ => ResetJson(options.ResetAmount),
        };
        var payload = Encoding.UTF8.GetBytes(body);
        var piecesPerRequest = options.Operation switch
        {
            LoadOperation.Print => 1,
            LoadOperation.Batch => options.BatchSize,
            _ => 0,
        };

        var reply = new ReplyBody();
        if (options.Prefund is { } prefund)
        {
            var (status, _) = await Send(http, ResetEndpoint, Encoding.UTF8.GetBytes(ResetJson(prefund)), reply, ct);
            if (status != (int)HttpStatusCode.Created)
                throw new LoadSetupException($"prefund reset of {prefund} answered {status}: {Trim(reply.Text)}");
            log.WriteLine($"prefund: reset {prefund} → {status}");
        }

        for (var i = 0; i < options.Warmup; i++)
        {
            var (status, _) = await Send(http, endpoint, payload, reply, ct);
            if (status is < 200 or > 299)
                throw new LoadSetupException($"warm-up request {i + 1} answered {status}: {Trim(reply.Text)}");
        }

        var workers = new List<Sample>[options.Concurrency];
        var clock = Stopwatch.StartNew();
        var tasks = new Task[options.Concurrency];
        for (var w = 0; w < options.Concurrency; w++)
        {
            var samples = workers[w] = new List<Sample>(4096);
            tasks[w] = Task.Run(() => Worker(http, endpoint, payload, samples, clock, ct), ct);
        }
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;

        var all = workers.SelectMany(s => s).ToList();
        return new LoadResult(options, elapsed, stopReason ?? "time limit", all, piecesPerRequest, [.. topUps]);
    }

    private string ResetEndpoint => $"v1/devices/{options.DeviceId}/resets";

    private async Task Worker(HttpClient http, string endpoint, byte[] payload, List<Sample> samples, Stopwatch clock, CancellationToken ct)
    {
        var reply = new ReplyBody();
        while (!ct.IsCancellationRequested && Volatile.Read(ref stopping) == 0)
        {
            if (clock.Elapsed >= options.Duration) { Stop("time limit"); break; }
            if (Interlocked.Increment(ref issued) > options.MaxRequests) { Stop("request limit"); break; }
            var (status, ticks) = await Send(http, endpoint, payload, reply, ct);
            samples.Add(new Sample(status, ticks));
            if (status == (int)HttpStatusCode.PaymentRequired)
                Stop(options.Operation == LoadOperation.Reset ? "deposit account exhausted (402)" : "descending register exhausted (402)");
            else if (status is >= 200 and <= 299 && options.TopUp is not null && options.Operation != LoadOperation.Reset)
                await MaybeTopUp(http, reply, ct);
        }
    }

    /// <summary>When DR falls below the threshold, one client resets the device while the others keep printing.</summary>
    private async Task MaybeTopUp(HttpClient http, ReplyBody reply, CancellationToken ct)
    {
        if (Volatile.Read(ref topUpDisabled) != 0) return;
        var dr = LastIndicium.Of(reply.Memory).DescendingRegister;
        if (dr is null || dr.Value >= options.TopUpBelow) return;
        if (Interlocked.CompareExchange(ref topUpBusy, 1, 0) != 0) return;
        try
        {
            var (status, ticks) = await Send(http, ResetEndpoint, Encoding.UTF8.GetBytes(ResetJson(options.TopUp!)), reply, ct);
            lock (topUps) topUps.Add(new Sample(status, ticks));
            if (status != (int)HttpStatusCode.Created)
            {
                Volatile.Write(ref topUpDisabled, 1);
                log.WriteLine($"top-up reset of {options.TopUp} answered {status}; no more top-ups: {Trim(reply.Text)}");
            }
        }
        finally
        {
            Volatile.Write(ref topUpBusy, 0);
        }
    }

    private void Stop(string reason)
    {
        if (Interlocked.Exchange(ref stopping, 1) == 0) stopReason = reason;
    }

    /// <summary>Sends one request and reads its reply into <paramref name="reply"/> (a transport error's message for status 0).</summary>
    private static Task<(int Status, long Ticks)> Send(HttpClient http, string endpoint, byte[] payload, ReplyBody reply, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
        return reply.Exchange(http, request, start, ct);
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        var http = new HttpClient(handler) { BaseAddress = EnsureTrailingSlash(options.Url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        return http;
    }

    private string PieceJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"mail_class\":\"first_class\",\"rate_category\":\"{options.RateCategory}\",\"weight_oz\":{options.WeightOz},\"postage\":\"{options.Postage}\",\"mailing_date\":\"{DateTime.UtcNow:yyyy-MM-dd}\"}}");

    private static string ResetJson(string amount) => $"{{\"amount\":\"{amount}\"}}";

    private static Uri EnsureTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

public sealed class LoadSetupException(string message) : Exception(message);
