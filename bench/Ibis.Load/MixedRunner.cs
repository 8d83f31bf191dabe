using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ibis.Load;

/// <summary>
/// Drives every device of a devices file (made by <c>setup</c>) with C concurrent closed-loop clients. Each
/// request draws its operation from the mix (<c>--mix</c>; or one operation for --op print/batch/reset) and a
/// device at random, so single prints spread over all devices; prints and batch pieces draw their shape from
/// <c>--classes</c> (letters, flats, postcards, Priority as the rate table prices them); verifications check
/// pieces printed earlier in the run. A device whose descending register falls below --top-up-below is reset
/// by --top-up (not measured, counted in top_ups), so postage lasts as long as the deposit accounts do.
/// </summary>
public sealed class MixedRunner(LoadOptions options, DeviceSet set, TextWriter log)
{
    private const string JsonMediaType = "application/json";
    private const int RingSize = 4096;

    private sealed class DeviceState(LoadDevice device)
    {
        public LoadDevice Device { get; } = device;
        public int TopUpBusy;
        public int Exhausted;
    }

    private readonly DeviceState[] devices = [.. set.Devices.Select(d => new DeviceState(d))];
    private readonly string[] ring = new string[RingSize];
    private long ringCount;
    private readonly List<Sample> topUps = [];
    private readonly Lock interval = new();
    private List<(int Op, Sample Sample)> intervalSamples = [];
    private int exhausted;
    private int issued;
    private int stopping;
    private string? stopReason;
    private long invalidVerdicts;
    private long batchPiecesOk;
    /// <summary>Open loop: how late each request started after its due time (<see cref="Stopwatch"/> ticks).</summary>
    private readonly List<long> late = [];

    private static int OpIndex(string op) => Array.IndexOf(MixNames.Operations, op);

    public async Task<(IReadOnlyList<LoadResult> Results, long InvalidVerdicts)> Run(CancellationToken ct)
    {
        var mixText = options.Operation switch
        {
            LoadOperation.Mixed => options.Mix,
            LoadOperation.Print => "print=100",
            LoadOperation.Batch => "batch=100",
            _ => "reset=100",
        };
        var mix = WeightedChoice.Parse(mixText, MixNames.Operations, "--mix", out _);
        var shapes = Shapes();
        var topUpAmount = options.TopUp ?? "400.000";

        using var http = CreateClient();
        var reply = new ReplyBody();
        if (options.Prefund is { } prefund)
            foreach (var d in devices)
            {
                var (status, _) = await Send(http, d.Device.ApiKey, $"v1/devices/{d.Device.DeviceId}/resets", ResetJson(prefund), reply, ct);
                if (status != (int)HttpStatusCode.Created) throw new LoadSetupException($"prefund reset of {prefund} on {d.Device.DeviceId} answered {status}: {Trim(reply.Text)}");
            }
        var warm = new Random(17);
        // The open loop's warm-up prints go --concurrency at a time, and at least that many, so that its connections are
        // open before the schedule starts: a connection opened on the schedule's first due times would count as the
        // server's latency.
        var together = options.Rate > 0 ? options.Concurrency : 1;
        var warmups = Math.Max(options.Warmup, options.Rate > 0 ? options.Concurrency : 0);
        var warmReplies = Enumerable.Range(0, together).Select(_ => new ReplyBody()).ToArray();
        for (var i = 0; i < warmups; i += together)
        {
            var round = Enumerable.Range(i, Math.Min(together, warmups - i)).Select(n =>
            {
                var d = devices[warm.Next(devices.Length)];
                return (N: n, Device: d, Piece: PieceShape.Named(shapes.Pick(warm.NextDouble())).Json(Today()));
            }).ToList();
            await Task.WhenAll(round.Select(async w =>
            {
                var body = warmReplies[w.N - i];
                var (status, _) = await Send(http, w.Device.Device.ApiKey, $"v1/devices/{w.Device.Device.DeviceId}/indicia", w.Piece, body, ct);
                if (status is < 200 or > 299) throw new LoadSetupException($"warm-up print {w.N + 1} on {w.Device.Device.DeviceId} answered {status}: {Trim(body.Text)}");
                Remember(body);
            }));
        }

        var perWorker = new List<Sample>[options.Concurrency][];
        var clock = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = options.SampleSeconds > 0 ? Task.Run(() => new SoakSampler(options, log).Run(clock, DrainInterval, sampling.Token), CancellationToken.None) : null;
        if (options.Rate > 0)
        {
            perWorker = [[[], [], [], []]];
            await Paced(http, mix, shapes, topUpAmount, perWorker[0], clock, ct);
        }
        else
        {
            var tasks = new Task[options.Concurrency];
            for (var w = 0; w < options.Concurrency; w++)
            {
                var samples = perWorker[w] = [[], [], [], []];
                var seed = 1000 + w;
                tasks[w] = Task.Run(() => Worker(http, mix, shapes, topUpAmount, samples, new Random(seed), clock, ct), ct);
            }
            await Task.WhenAll(tasks);
        }
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        if (sampler is not null) await sampler;

        var reason = stopReason ?? "time limit";
        var mixLabel = options.Operation == LoadOperation.Mixed ? mix.ToString().Replace(',', ' ') : "";
        var results = new List<LoadResult>();
        for (var op = 0; op < MixNames.Operations.Length; op++)
        {
            if (mix.Share(MixNames.Operations[op]) == 0 && !perWorker.Any(w => w[op].Count > 0)) continue;
            var samples = perWorker.SelectMany(w => w[op]).ToList();
            var pieces = MixNames.Operations[op] switch { MixNames.Print => 1, MixNames.Batch => options.BatchSize, _ => 0 };
            results.Add(new LoadResult(options, elapsed, reason, samples, pieces, options.Operation == LoadOperation.Mixed ? [] : [.. topUps],
                MixNames.Operations[op], devices.Length, mixLabel));
        }
        if (options.Operation == LoadOperation.Mixed)
        {
            var all = perWorker.SelectMany(w => w.SelectMany(s => s)).ToList();
            var printed = perWorker.Sum(w => w[0].Count(s => s.Status is >= 200 and <= 299)) + Interlocked.Read(ref batchPiecesOk);
            results.Add(new LoadResult(options, elapsed, reason, all, 0, [.. topUps], "mixed", devices.Length, mixLabel, printed));
        }
        return (results, Interlocked.Read(ref invalidVerdicts));
    }

    /// <summary>The class weights, keeping only the shapes the devices file says the rate table prices.</summary>
    private WeightedChoice Shapes()
    {
        var offered = set.Shapes.Count > 0 ? set.Shapes : PieceShape.Names;
        var parts = options.Classes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => offered.Contains(p.Split('=')[0].Trim().ToLowerInvariant())).ToList();
        var choice = WeightedChoice.Parse(string.Join(',', parts), PieceShape.Names, "--classes", out var error);
        if (error is not null) throw new LoadSetupException($"--classes: none of '{options.Classes}' is priced by the rate table (it prices {string.Join(", ", offered)})");
        var dropped = options.Classes.Split(',').Length - parts.Count;
        if (dropped > 0) log.WriteLine($"classes: {choice} ({dropped} left out: the rate table does not price them)");
        return choice;
    }

    /// <summary>One request drawn from the mix: its operation, its device, where it goes and what it says.</summary>
    private sealed record Request(string Op, DeviceState Device, string Endpoint, string Body);

    /// <summary>The next request of the mix, or null when every device's deposit account is exhausted.</summary>
    private Request? Next(WeightedChoice mix, WeightedChoice shapes, Random random)
    {
        var op = mix.Pick(random.NextDouble());
        if (op == MixNames.Verify && Interlocked.Read(ref ringCount) == 0) op = MixNames.Print;
        var device = PickDevice(random);
        if (device is null) return null;
        var id = device.Device.DeviceId;
        switch (op)
        {
            case MixNames.Print:
                return new(op, device, $"v1/devices/{id}/indicia", PieceShape.Named(shapes.Pick(random.NextDouble())).Json(Today()));
            case MixNames.Batch:
                var today = Today();
                var pieces = new StringBuilder("{\"pieces\":[");
                for (var i = 0; i < options.BatchSize; i++)
                    pieces.Append(i == 0 ? "" : ",").Append(PieceShape.Named(shapes.Pick(random.NextDouble())).Json(today));
                return new(op, device, $"v1/devices/{id}/indicia/batch", pieces.Append("]}").ToString());
            case MixNames.Reset:
                return new(op, device, $"v1/devices/{id}/resets", ResetJson(options.ResetAmount));
            default:
                return new(op, device, "v1/verifications",
                    $"{{\"barcode_data\":\"{ring[random.NextInt64(Math.Min(Interlocked.Read(ref ringCount), RingSize))]}\"}}");
        }
    }

    /// <summary>Closed loop: one client sends its next request as soon as the last one answered.</summary>
    private async Task Worker(HttpClient http, WeightedChoice mix, WeightedChoice shapes, string topUpAmount, List<Sample>[] samples, Random random, Stopwatch clock, CancellationToken ct)
    {
        var reply = new ReplyBody();
        while (!ct.IsCancellationRequested && Volatile.Read(ref stopping) == 0)
        {
            if (clock.Elapsed >= options.Duration) { Stop("time limit"); break; }
            if (Interlocked.Increment(ref issued) > options.MaxRequests) { Stop("request limit"); break; }
            if (Next(mix, shapes, random) is not { } request) { Stop(Exhausted); break; }
            var (status, ticks) = await Send(http, request.Device.Device.ApiKey, request.Endpoint, request.Body, reply, ct);
            await Answered(http, request, status, ticks, reply, samples, topUpAmount, ct);
        }
    }

    /// <summary>
    /// Open loop (--rate): requests start on a fixed schedule, R a second, whatever the answers do, and a request's
    /// latency counts from the moment it was due. A closed-loop client waits for a slow answer before it sends again,
    /// so it sends less exactly when the server is slow and under-reports the tail (coordinated omission); here a
    /// server that falls behind shows as latency. --concurrency caps the requests in flight: one due while all are
    /// busy waits for a slot, and that wait counts too.
    /// </summary>
    private async Task Paced(HttpClient http, WeightedChoice mix, WeightedChoice shapes, string topUpAmount, List<Sample>[] samples, Stopwatch clock, CancellationToken ct)
    {
        var random = new Random(1000);
        using var slots = new SemaphoreSlim(options.Concurrency);
        var replies = new ConcurrentBag<ReplyBody>();
        var running = new List<Task>();
        var every = Stopwatch.Frequency / options.Rate;
        var start = Stopwatch.GetTimestamp();
        for (long n = 0; !ct.IsCancellationRequested && Volatile.Read(ref stopping) == 0; n++)
        {
            var due = start + (long)(n * every);
            var early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (early > TimeSpan.Zero) await Task.Delay(early, ct);
            if (clock.Elapsed >= options.Duration) { Stop("time limit"); break; }
            if (Interlocked.Increment(ref issued) > options.MaxRequests) { Stop("request limit"); break; }
            if (Next(mix, shapes, random) is not { } request) { Stop(Exhausted); break; }
            await slots.WaitAsync(ct);
            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(async () =>
            {
                var lateBy = Stopwatch.GetTimestamp() - due;
                lock (late) late.Add(lateBy);
                var reply = replies.TryTake(out var kept) ? kept : new ReplyBody();
                try
                {
                    var (status, _) = await Send(http, request.Device.Device.ApiKey, request.Endpoint, request.Body, reply, ct);
                    await Answered(http, request, status, Stopwatch.GetTimestamp() - due, reply, samples, topUpAmount, ct);
                }
                finally
                {
                    replies.Add(reply);
                    slots.Release();
                }
            }, CancellationToken.None));
        }
        await Task.WhenAll(running);
        if (late.Count > 0)
        {
            // The client's own delay (a slot, its thread pool, its timer) is part of every latency it reports: shown so
            // that a tail the client made is told apart from one the server made.
            var ms = late.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"open loop: requests started after their due time by p50 {LoadResult.Rank(ms, 0.50):F1}  p99 {LoadResult.Rank(ms, 0.99):F1}  max {ms[^1]:F1} ms (the client's share of the latencies)"));
        }
    }

    private const string Exhausted = "every device's deposit account is exhausted (402 on top-up)";

    /// <summary>Records an answer (<paramref name="samples"/> per operation; shared by the open loop's requests, hence the lock) and acts on it: a verdict checked, a device topped up.</summary>
    private async Task Answered(HttpClient http, Request request, int status, long ticks, ReplyBody reply, List<Sample>[] samples, string topUpAmount, CancellationToken ct)
    {
        var op = request.Op;
        var sample = new Sample(status, ticks);
        var index = OpIndex(op);
        lock (samples) samples[index].Add(sample);
        if (options.SampleSeconds > 0) lock (interval) intervalSamples.Add((index, sample));

        if (status is >= 200 and <= 299)
        {
            if (op == MixNames.Verify)
            {
                if (!reply.Contains("\"valid\":true"u8))
                {
                    if (Interlocked.Increment(ref invalidVerdicts) <= 3) log.WriteLine($"verification not valid: {Trim(reply.Text)}");
                }
            }
            else if (op != MixNames.Reset)
            {
                if (op == MixNames.Batch) Interlocked.Add(ref batchPiecesOk, options.BatchSize);
                var dr = Remember(reply);
                if (dr is { } left && left < options.TopUpBelow) await TopUp(http, request.Device, topUpAmount, reply, ct);
            }
        }
        else if (status == (int)HttpStatusCode.PaymentRequired && op != MixNames.Reset)
            await TopUp(http, request.Device, topUpAmount, reply, ct);
    }

    private DeviceState? PickDevice(Random random)
    {
        if (Volatile.Read(ref exhausted) >= devices.Length) return null;
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var d = devices[random.Next(devices.Length)];
            if (Volatile.Read(ref d.Exhausted) == 0) return d;
        }
        return devices.FirstOrDefault(d => Volatile.Read(ref d.Exhausted) == 0);
    }

    /// <summary>One reset at a time per device; a 402 (deposit account exhausted) takes the device out of the run.</summary>
    private async Task TopUp(HttpClient http, DeviceState device, string amount, ReplyBody reply, CancellationToken ct)
    {
        if (Interlocked.CompareExchange(ref device.TopUpBusy, 1, 0) != 0) return;
        try
        {
            var (status, ticks) = await Send(http, device.Device.ApiKey, $"v1/devices/{device.Device.DeviceId}/resets", ResetJson(amount), reply, ct);
            int seen;
            lock (topUps)
            {
                topUps.Add(new Sample(status, ticks));
                seen = topUps.Count(s => s.Status == status);
            }
            if (status == (int)HttpStatusCode.PaymentRequired && Interlocked.Exchange(ref device.Exhausted, 1) == 0)
            {
                Interlocked.Increment(ref exhausted);
                log.WriteLine($"top-up of {device.Device.DeviceId} answered 402; the device leaves the run: {Trim(reply.Text)}");
            }
            else if (status != (int)HttpStatusCode.Created && seen <= 3)
                log.WriteLine($"top-up of {device.Device.DeviceId} answered {status}: {Trim(reply.Text)}");
        }
        finally
        {
            Volatile.Write(ref device.TopUpBusy, 0);
        }
    }

    /// <summary>Keeps the piece's barcode data for later verifications; returns DR after the reply (of the last piece of a batch).</summary>
    private decimal? Remember(ReplyBody reply)
    {
        var last = LastIndicium.Of(reply.Memory);
        if (last.BarcodeData is { } b) ring[(Interlocked.Increment(ref ringCount) - 1) % RingSize] = b;
        return last.DescendingRegister;
    }

    private List<(int Op, Sample Sample)> DrainInterval()
    {
        lock (interval)
        {
            var taken = intervalSamples;
            intervalSamples = new List<(int, Sample)>(taken.Count);
            return taken;
        }
    }

    private void Stop(string reason)
    {
        if (Interlocked.Exchange(ref stopping, 1) == 0) stopReason = reason;
    }

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Sends one request and reads its reply into <paramref name="reply"/> (a transport error's message for status 0).</summary>
    private static Task<(int Status, long Ticks)> Send(HttpClient http, string apiKey, string endpoint, string body, ReplyBody reply, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, JsonMediaType) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return reply.Exchange(http, request, start, ct);
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency + 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        var url = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        return http;
    }

    private static string ResetJson(string amount) => $"{{\"amount\":\"{amount}\"}}";

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
