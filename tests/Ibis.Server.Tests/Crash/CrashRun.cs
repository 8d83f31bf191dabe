using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Ibis.Server.Tests.Infrastructure;

namespace Ibis.Server.Tests.Crash;

/// <summary>How hard and how long to crash the server.</summary>
public sealed record CrashOptions
{
    /// <summary>SIGKILLs under load (each followed by a restart).</summary>
    public int Kills { get; init; } = 22;

    /// <summary>Concurrent client loops.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>The loops run for a random time in this range before the kill.</summary>
    public TimeSpan MinRun { get; init; } = TimeSpan.FromSeconds(0.3);

    public TimeSpan MaxRun { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Each loop waits a random 0–2×PaceMs between requests, so the $1,000 deposit lasts most of the run.</summary>
    public int PaceMs { get; init; } = 40;

    /// <summary>Share of requests that are resets ($5–$50); the rest are prints ($0.740–$5.000).</summary>
    public double ResetShare { get; init; } = 0.06;

    /// <summary>Every this many cycles, one more kill lands while the server is starting up.</summary>
    public int StartupKillEvery { get; init; } = 6;

    public int Seed { get; init; } = Random.Shared.Next();

    /// <summary>
    /// Ibis nodes on the one database (PostgreSQL). With more than one, a kill takes one node down while
    /// the others keep serving: the clients send each request to the next node and retry a request the
    /// kill cut off on another node at once, with the same Idempotency-Key (issue 17, several nodes).
    /// </summary>
    public int Nodes { get; init; } = 1;
}

/// <summary>The figures of a run.</summary>
public sealed record CrashReport(
    int Kills, int KillsWithRequestsInFlight, int StartupKills, int Sent, int AckedPrints, int AckedResets,
    int UnknownReplayed, int UnknownApplied, int UnknownRefused, int ReplaysChecked, int TransportErrorsBeforeKill,
    IReadOnlyDictionary<string, int> Refusals, long AscendingMills, long DepositBalanceMills, TimeSpan Elapsed, IReadOnlyList<string> Violations)
{
    /// <summary>Requests a kill cut off that the client retried on another node while the killed one was down.</summary>
    public int FailedOver { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kills} kills under load ({KillsWithRequestsInFlight} with requests in flight) + {StartupKills} during start-up; " +
        $"{Sent} requests sent; acknowledged {AckedPrints} indicia and {AckedResets} resets; " +
        $"unknown outcomes: {UnknownReplayed} replayed, {UnknownApplied} applied on retry, {UnknownRefused} refused on retry ({FailedOver} of them on another node at once); " +
        $"{ReplaysChecked} replays byte-checked; refusals [{string.Join(", ", Refusals.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}"))}]; " +
        $"transport errors before a kill: {TransportErrorsBeforeKill}; AR ${CrashLedger.Money(AscendingMills)}, deposit ${CrashLedger.Money(DepositBalanceMills)}; " +
        $"{Elapsed.TotalSeconds:0.0} s; {Violations.Count} violations");
}

/// <summary>
/// The crash test's driver: starts the real server as a child process, drives concurrent prints and
/// resets with unique Idempotency-Keys, SIGKILLs it at a random moment, restarts it on the same data,
/// retries every request whose outcome the kill made unknown (same key, same body), and after every
/// restart checks from outside — through the API and with raw SQL — that every invariant holds and
/// that the store holds exactly the acknowledged indicia and resets.
/// </summary>
public sealed class CrashRun(CrashTarget target, CrashOptions options, Action<string> output)
{
    /// <summary>The sandbox licensee's deposit, and the first reset the sandbox makes from it.</summary>
    public const long InitialDepositMills = 1_000_000;
    public const long InitialResetMills = 100_000;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly CrashLedger _ledger = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Random _rng = new(options.Seed);
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly ServerProcess?[] _servers = new ServerProcess?[options.Nodes];
    private readonly HttpClient?[] _clients = new HttpClient?[options.Nodes];
    private readonly int[] _down = new int[options.Nodes];
    private readonly int[] _inFlightOn = new int[options.Nodes];
    private int _failedOver;
    private string _deviceId = "";
    private string _licenseeKey = "";
    private string _providerKey = "";
    private (string Email, string Password) _login;
    private int _sent;
    private int _inFlight;
    private int _kills;
    private int _killsWithInFlight;
    private int _startupKills;
    private StoreSnapshot? _last;

    public async Task<CrashReport> Execute()
    {
        Log($"{target.Name}: seed {options.Seed}, data directory {target.DataDirectory}");
        try
        {
            await Restart("first start");
            ReadCredentials();
            if (await AfterRestart("first start"))
            {
                for (var cycle = 1; cycle <= options.Kills || MoreKillsToFailOver(cycle); cycle++)
                {
                    await DriveAndKill(cycle);
                    if (options.StartupKillEvery > 0 && cycle % options.StartupKillEvery == 0) await KillDuringStartup(cycle);
                    await Restart($"kill {cycle}");
                    if (!await AfterRestart($"kill {cycle}")) break;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _ledger.Violation($"the run stopped: {e}");
        }
        finally
        {
            foreach (var client in _clients) client?.Dispose();
            foreach (var server in _servers) server?.Dispose();
        }
        return new CrashReport(_kills, _killsWithInFlight, _startupKills, _sent, _ledger.Indicia.Count, _ledger.Resets.Count,
            _ledger.UnknownReplayed, _ledger.UnknownApplied, _ledger.UnknownRefused, _ledger.ReplaysChecked, _ledger.TransportErrorsBeforeKill,
            new Dictionary<string, int>(_ledger.Refusals), _last?.Ascending ?? 0, _last?.Accounts.Sum(a => a.Balance) ?? 0, _clock.Elapsed, _ledger.Violations.ToList())
        {
            FailedOver = _failedOver,
        };
    }

    /// <summary>
    /// Several nodes: up to four kills more while none has yet cut a request off to retry on another node —
    /// what the run is for, and a matter of timing (a kill can still land just after the answer).
    /// </summary>
    private bool MoreKillsToFailOver(int cycle) => options.Nodes > 1 && Volatile.Read(ref _failedOver) == 0 && cycle <= options.Kills + 4;

    /// <summary>A line of the run's log, stamped with the seconds since the run began (where a slow run spends its time).</summary>
    private void Log(string line) => output(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));

    /// <summary>The first node's client (after a restart every node is up).</summary>
    private HttpClient Http => _clients[0] ?? throw new InvalidOperationException("no server");

    /// <summary>Starts every node that is not running, in turn: the first start migrates the database and makes the sandbox.</summary>
    private async Task Restart(string after)
    {
        for (var node = 0; node < options.Nodes; node++)
        {
            if (_servers[node] is { HasExited: false }) continue;
            _clients[node]?.Dispose();
            _clients[node] = null;
            _servers[node]?.Dispose();
            _servers[node] = null;
            var starting = Stopwatch.StartNew();
            try
            {
                _servers[node] = await ServerProcess.Start(target.Environment, target.DataDirectory);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException($"start-up failure of node {node} after {after}: {e.Message}", e);
            }
            _clients[node] = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Workers * 2 })
            {
                BaseAddress = _servers[node]!.BaseAddress,
                Timeout = RequestTimeout,
            };
            Volatile.Write(ref _down[node], 0);
            Log(string.Create(CultureInfo.InvariantCulture, $"node {node} listening {starting.Elapsed.TotalSeconds:0.0} s after launch ({after})"));
        }
    }

    /// <summary>The live node after <paramref name="turn"/> in rotation, or -1 when every node is down.</summary>
    private int NodeFor(int turn)
    {
        for (var i = 0; i < options.Nodes; i++)
        {
            var node = (turn + i) % options.Nodes;
            if (Volatile.Read(ref _down[node]) == 0 && _clients[node] is not null) return node;
        }
        return -1;
    }

    private void ReadCredentials()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(target.DataDirectory, "sandbox-credentials.json")));
        var root = doc.RootElement;
        _licenseeKey = root.GetProperty("api_key").GetString()!;
        _providerKey = root.GetProperty("provider_api_key").GetString()!;
        _deviceId = root.GetProperty("device_id").GetString()!;
        var licensee = root.GetProperty("logins").EnumerateArray().First(l => l.GetProperty("role").GetString() == "licensee");
        _login = (licensee.GetProperty("email").GetString()!, licensee.GetProperty("password").GetString()!);
    }

    /// <summary>
    /// N loops for a random 0.3–2 s, then SIGKILL while they are still sending. With several nodes the
    /// victim is one of them, and the loops go on for as long again on the others before they stop.
    /// </summary>
    private async Task DriveAndKill(int cycle)
    {
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, options.Workers).Select(w => Task.Run(() => Worker(cycle, w, stop.Token))).ToArray();
        var runFor = options.MinRun + (options.MaxRun - options.MinRun) * _rng.NextDouble();
        var victim = _rng.Next(options.Nodes);
        await Task.Delay(runFor);
        int inFlight;
        if (options.Nodes == 1)
        {
            // Down before the kill: a request that fails from here on failed because of it.
            Volatile.Write(ref _down[victim], 1);
            stop.Cancel();
            inFlight = Volatile.Read(ref _inFlight);
            _servers[victim]!.Kill();
        }
        else
        {
            inFlight = await KillWhileBusy(victim);
            await Task.Delay(runFor);
            stop.Cancel();
        }
        await Task.WhenAll(workers);
        _kills++;
        if (inFlight > 0) _killsWithInFlight++;
        Log(string.Create(CultureInfo.InvariantCulture,
            $"kill {cycle} of node {victim} after {runFor.TotalSeconds:0.00} s with {inFlight} requests in flight{(options.Nodes > 1 ? " on it" : "")}; {_ledger.Unknown.Count} outcomes unknown, {_failedOver} failed over so far"));
    }

    /// <summary>
    /// Several nodes: the kill waits (up to 2 s) for a request on the victim, so that it cuts one off. A
    /// thread of its own watches for one and kills at once: a print on PostgreSQL is answered in a few
    /// milliseconds, sooner than a thread-pool timer on a machine busy with other tests may wake. The
    /// requests in flight on the victim when it died.
    /// </summary>
    private Task<int> KillWhileBusy(int victim)
    {
        var killed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new Thread(() =>
        {
            try
            {
                var waiting = Stopwatch.StartNew();
                var spin = new SpinWait();
                while (waiting.ElapsedMilliseconds < 2000 && Volatile.Read(ref _inFlightOn[victim]) == 0) spin.SpinOnce(sleep1Threshold: -1);
                // Down before the kill: a request that fails from here on failed because of it.
                Volatile.Write(ref _down[victim], 1);
                var inFlight = Volatile.Read(ref _inFlightOn[victim]);
                _servers[victim]!.Kill();
                killed.SetResult(inFlight);
            }
            catch (Exception e)
            {
                killed.SetException(e);
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "crash-kill" };
        watcher.Start();
        return killed.Task;
    }

    private async Task Worker(int cycle, int worker, CancellationToken stop)
    {
        var rng = new Random(HashCode.Combine(options.Seed, cycle, worker));
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var node = NodeFor(worker + n);
            if (node < 0) return;
            var op = NextOp(rng, $"{_runId}-{cycle}-{worker}-{n}");
            Interlocked.Increment(ref _sent);
            Interlocked.Increment(ref _inFlight);
            Interlocked.Increment(ref _inFlightOn[node]);
            try
            {
                try
                {
                    _ledger.Record(op, await CrashLedger.Send(_clients[node]!, _deviceId, op, CancellationToken.None), Source.Live);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlightOn[node]);
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                if (Volatile.Read(ref _down[node]) == 0)
                {
                    // Nothing was killed under this request: the server (or the machine) failed it.
                    _ledger.Unknown.Enqueue(op);
                    _ledger.TransportErrorBeforeKill();
                    Log($"transport error on node {node} before the kill ({op.Kind} {op.IdempotencyKey}): {e.GetType().Name}: {e.Message}");
                    return;
                }
                // The kill cut the request off: its outcome is unknown until the retry — on another node at once, or after the restart.
                if (!await FailOver(op)) return;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
            try
            {
                await Task.Delay(rng.Next(0, 2 * options.PaceMs + 1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// What a client of several nodes does when one dies under its request: the same request, same key,
    /// to another node. False (the outcome stays unknown until the restart) when no other node is up.
    /// </summary>
    private async Task<bool> FailOver(Op op)
    {
        var other = NodeFor(0);
        if (options.Nodes == 1 || other < 0)
        {
            _ledger.Unknown.Enqueue(op);
            return false;
        }
        try
        {
            _ledger.Record(op, await CrashLedger.Send(_clients[other]!, _deviceId, op, CancellationToken.None), Source.Retry);
            Interlocked.Increment(ref _failedOver);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            _ledger.Violation($"the retry of {op.Kind} {op.IdempotencyKey} on live node {other} failed: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    private Op NextOp(Random rng, string key)
    {
        if (rng.NextDouble() < options.ResetShare)
        {
            var amount = rng.NextInt64(5_000, 50_001);
            var apiKey = rng.Next(2) == 0 ? _licenseeKey : _providerKey;
            return new Op(OpKind.Reset, "crash-rst-" + key, $"{{\"amount\":\"{CrashLedger.Money(amount)}\"}}", apiKey, amount);
        }
        // Mostly the $0.740 letter rate, so that the $1,000 deposit lasts for most of the kills.
        var postage = rng.NextDouble() < 0.8 ? 740 : rng.NextInt64(741, 5_001);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var body = $"{{\"mail_class\":\"first_class\",\"rate_category\":\"letter\",\"weight_oz\":1,\"postage\":\"{CrashLedger.Money(postage)}\",\"mailing_date\":\"{today}\"}}";
        return new Op(OpKind.Print, "crash-ind-" + key, body, _licenseeKey, postage);
    }

    /// <summary>A kill while the server starts (migrations, self-tests, opening the database).</summary>
    private async Task KillDuringStartup(int cycle)
    {
        using var server = ServerProcess.Launch(target.Environment, target.DataDirectory);
        var after = TimeSpan.FromMilliseconds(_rng.Next(50, 1500));
        await Task.Delay(after);
        var listening = server.Output.Contains("Now listening on:", StringComparison.Ordinal);
        server.Kill();
        _startupKills++;
        Log(string.Create(CultureInfo.InvariantCulture, $"start-up kill after kill {cycle}: {after.TotalMilliseconds:0} ms after launch ({(listening ? "already listening" : "before listening")})"));
    }

    /// <summary>Health, unknown outcomes resolved, replays, then every invariant. False when a violation was found.</summary>
    private async Task<bool> AfterRestart(string after)
    {
        var before = _ledger.Violations.Count;

        for (var node = 0; node < options.Nodes; node++)
        {
            using var health = await _clients[node]!.GetAsync(new Uri("/health", UriKind.Relative));
            var body = await health.Content.ReadAsStringAsync();
            if ((int)health.StatusCode != 200 || !body.Contains("\"ok\"", StringComparison.Ordinal))
                _ledger.Violation($"after {after}: GET /health on node {node} answered {(int)health.StatusCode}: {body}");
        }

        await ResolveUnknown(after);
        await CheckReplays(after);

        var snapshot = await StoreSnapshot.Read(target.Connection, _deviceId);
        _last = snapshot;
        foreach (var violation in snapshot.Violations(_ledger, InitialDepositMills, InitialResetMills))
            _ledger.Violation($"after {after}: {violation}");
        for (var node = 0; node < options.Nodes; node++) await CheckApi(after, snapshot, _clients[node]!);
        if (options.Nodes > 1) await CrashPortalSessions.Check(_servers.Select(server => server!.BaseAddress).ToArray(), _login, _ledger, after);

        Log(string.Create(CultureInfo.InvariantCulture,
            $"after {after}: {snapshot.Indicia.Count} indicia, {snapshot.Resets.Count} resets, AR {CrashLedger.Money(snapshot.Ascending)}, DR {CrashLedger.Money(snapshot.Descending)}, " +
            $"deposit {CrashLedger.Money(snapshot.Accounts.Sum(a => a.Balance))}; unknown so far: {_ledger.UnknownReplayed} replayed / {_ledger.UnknownApplied} applied / {_ledger.UnknownRefused} refused"));
        return _ledger.Violations.Count == before;
    }

    /// <summary>Every request cut off by the kill, again with the same key and body, all at once.</summary>
    private async Task ResolveUnknown(string after)
    {
        var pending = new List<Op>();
        while (_ledger.Unknown.TryDequeue(out var op)) pending.Add(op);
        await Task.WhenAll(pending.Select(async op =>
        {
            try
            {
                _ledger.Record(op, await CrashLedger.Send(Http, _deviceId, op, CancellationToken.None), Source.Retry);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                _ledger.Violation($"after {after}: the retry of {op.Kind} {op.IdempotencyKey} failed: {e.Message}");
            }
        }));
    }

    /// <summary>A few acknowledged requests sent again: the original bytes with Idempotency-Replay, nothing new.</summary>
    private async Task CheckReplays(string after)
    {
        var acked = _ledger.Indicia.Values.Concat(_ledger.Resets.Values).ToArray();
        for (var i = 0; i < Math.Min(3, acked.Length); i++)
        {
            var ack = acked[_rng.Next(acked.Length)];
            try
            {
                // Any node replays what any other node acknowledged.
                _ledger.Record(ack.Op, await CrashLedger.Send(_clients[_rng.Next(options.Nodes)]!, _deviceId, ack.Op, CancellationToken.None), Source.ReplayCheck);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                _ledger.Violation($"after {after}: the replay of {ack.Id} failed: {e.Message}");
            }
        }
    }

    /// <summary>What a user sees: the device's registers and status, some indicia, and no open integrity case.</summary>
    private async Task CheckApi(string after, StoreSnapshot snapshot, HttpClient node)
    {
        var device = await GetJson(node, $"/v1/devices/{_deviceId}", _licenseeKey, after);
        if (device is { } d)
        {
            var status = d.GetProperty("status").GetString();
            if (status != "in_service") _ledger.Violation($"after {after}: GET /v1/devices says {status} ({d.GetProperty("lock_reason")})");
            var ar = CrashLedger.MillsOf(d.GetProperty("ascending_register"));
            var dr = CrashLedger.MillsOf(d.GetProperty("descending_register"));
            var total = CrashLedger.MillsOf(d.GetProperty("control_total"));
            var pieces = d.GetProperty("piece_count").GetInt64();
            var resets = d.GetProperty("reset_count").GetInt64();
            if ((ar, dr, total, pieces, resets) != (snapshot.Ascending, snapshot.Descending, snapshot.ControlTotal, snapshot.PieceCount, snapshot.ResetCount))
                _ledger.Violation($"after {after}: the API's registers (AR {ar}, DR {dr}, CT {total}, {pieces} pieces, {resets} resets) differ from the database's");
        }

        var cases = await GetJson(node, "/v1/cases", _providerKey, after);
        if (cases is { } c)
        {
            foreach (var open in c.GetProperty("data").EnumerateArray())
                _ledger.Violation($"after {after}: open case {open.GetProperty("kind").GetString()} on {open.GetProperty("device_id").GetString()}: {open.GetProperty("detail").GetString()}");
        }

        var acked = _ledger.Indicia.Values.ToArray();
        for (var i = 0; i < Math.Min(2, acked.Length); i++)
        {
            var ack = acked[_rng.Next(acked.Length)];
            if (await GetJson(node, $"/v1/indicia/{ack.Id}", _licenseeKey, after) is { } indicium
                && indicium.GetProperty("piece_number").GetInt64() != ack.PieceNumber)
                _ledger.Violation($"after {after}: GET /v1/indicia/{ack.Id} says piece {indicium.GetProperty("piece_number").GetInt64()}, acknowledged as {ack.PieceNumber}");
        }
    }

    private async Task<JsonElement?> GetJson(HttpClient node, string path, string apiKey, string after)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await node.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 200)
        {
            _ledger.Violation($"after {after}: GET {path} answered {(int)response.StatusCode}: {body}");
            return null;
        }
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
