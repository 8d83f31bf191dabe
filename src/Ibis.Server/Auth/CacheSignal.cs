using System.Threading.Channels;
using Npgsql;

namespace Ibis.Server.Auth;

/// <summary>
/// The caches' signal between nodes on PostgreSQL (issue 17). A transaction that wrote a watched table
/// (<see cref="TableGenerations.Watched"/>) sends <c>NOTIFY ibis_cache, '&lt;table&gt;'</c> inside itself
/// (<see cref="TableWriteWatch"/>), so the notice goes out when — and only if — it commits; every node
/// listens (<see cref="CacheSignalListener"/>) and raises that table's generation, so its API-key and
/// reference caches read afresh at once instead of when their entries expire. The CacheSignal migration's
/// triggers send the same notice for writes made past Ibis (psql). SQLite has one node; other processes on
/// its file are seen through <see cref="SqliteCacheSignal"/>.
/// </summary>
internal static class CacheSignal
{
    public const string Channel = "ibis_cache";

    /// <summary>The NOTIFY statements for <paramref name="tables"/>: names from the watched list only, so a literal is safe.</summary>
    public static string Notify(IEnumerable<string> tables) =>
        string.Join("; ", tables.Where(TableGenerations.IsWatched).Distinct(StringComparer.Ordinal).Select(t => $"NOTIFY {Channel}, '{t}'"));
}

/// <summary>
/// Notices of writes made outside a transaction whose statement was a reader (an autocommitted
/// <c>INSERT … RETURNING</c> or an update through a reader): the connection is busy with the reader when the
/// write is seen, so the notice is sent from the listener service's side, on a connection of its own,
/// once the reader is done.
/// </summary>
public sealed class CacheSignalOutbox
{
    private readonly Channel<string> _tables = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Post(string table) => _tables.Writer.TryWrite(table);

    internal ChannelReader<string> Reader => _tables.Reader;
}

/// <summary>
/// One listening connection per node (<c>LISTEN ibis_cache</c>): a notice raises its table's generation.
/// A lost connection is logged and opened again with back-off (a quarter second, doubling, at most 30 s);
/// meanwhile the caches fall back to their entries' lifetimes, and every (re)connection raises every
/// watched table once, since notices sent while no one listened are gone.
/// <para>
/// A connection can also die without a word (a network partition, a hung server): no error comes, and no
/// notice either. So the listener asks a round trip of its own connection every <paramref name="heartbeat"/>
/// (400 ms by default): a notice committed before the question was asked is delivered before its answer, so
/// the answer proves every such write has been heard. The signal is current only within the age of the last
/// answered question (<see cref="IsCurrent"/>), so a silent connection stops counting after that age — not
/// after the TCP keepalive's ten seconds — and a question unanswered for two seconds counts as a lost connection.
/// </para>
/// </summary>
public sealed class CacheSignalListener(string connectionString, TableGenerations generations, CacheSignalOutbox outbox, ILogger<CacheSignalListener> log,
    TimeSpan? heartbeat = null) : BackgroundService, ICacheSignal
{
    /// <summary>The listening connection's application name (it can be found, and in tests ended, by it).</summary>
    public const string ApplicationName = "ibis-cache-signal";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);
    // An unanswered heartbeat ends the connection after this (Npgsql's command timeout, whole seconds).
    private const int HeartbeatTimeoutSeconds = 2;

    private readonly TimeSpan _heartbeat = heartbeat ?? TimeSpan.FromMilliseconds(400);
    private volatile bool _listening;

    // Stopwatch timestamp of when the last answered round trip on the listening connection was asked (0: none).
    private long _heardAt;

    /// <summary>True while the listening connection is up.</summary>
    public bool Listening => _listening;

    /// <summary>Notices are pushed: nothing to read.</summary>
    public ValueTask Refresh() => ValueTask.CompletedTask;

    /// <summary>
    /// True while listening and the last answered round trip was asked within <paramref name="within"/>: every
    /// notice committed before that question has been heard. A connection that died silently stops being current
    /// once its last answer is that old (monotonic time: the node's clock setting does not move it).
    /// </summary>
    public bool IsCurrent(TimeSpan within)
    {
        var heardAt = Interlocked.Read(ref _heardAt);
        return _listening && heardAt != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(heardAt) <= within;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Listen(stoppingToken), SendOutbox(stoppingToken));

    private string ListenConnectionString => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        ApplicationName = ApplicationName,
        // A keepalive while waiting, so a dead server or network is noticed and the connection made again.
        KeepAlive = 10,
    }.ConnectionString;

    private async Task Listen(CancellationToken ct)
    {
        var retry = FirstRetry;
        var lost = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(ListenConnectionString);
                conn.Notification += (_, e) =>
                {
                    if (e.Channel == CacheSignal.Channel && TableGenerations.IsWatched(e.Payload)) generations.Raise(e.Payload);
                };
                await conn.OpenAsync(ct);
                var askedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                await using (var listen = new NpgsqlCommand($"LISTEN {CacheSignal.Channel}", conn))
                    await listen.ExecuteNonQueryAsync(ct);
                // Whatever was cached before this point may have missed a notice: forget it once.
                foreach (var table in TableGenerations.Watched) generations.Raise(table);
                Interlocked.Exchange(ref _heardAt, askedAt);
                _listening = true;
                if (lost) log.LogInformation("cache signal: listening again on {Channel}; caches cleared once", CacheSignal.Channel);
                retry = FirstRetry;
                await using var beat = new NpgsqlCommand("SELECT 1", conn) { CommandTimeout = HeartbeatTimeoutSeconds };
                while (true)
                {
                    // Notices are handled while waiting; the heartbeat is asked when due, however many came.
                    var due = _heartbeat - System.Diagnostics.Stopwatch.GetElapsedTime(askedAt);
                    if (due > TimeSpan.Zero)
                    {
                        // Whole milliseconds, at least one: Npgsql reads a timeout of 0 as "wait for ever".
                        await conn.WaitAsync((int)Math.Ceiling(due.TotalMilliseconds), ct);
                        continue;
                    }
                    askedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                    var answer = beat.ExecuteScalarAsync(ct);
                    if (await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(HeartbeatTimeoutSeconds), ct)) != answer)
                    {
                        // Unanswered: not listening from now on, whatever the driver does next. Its own timeout then
                        // tries to cancel the query on a second connection, which a partition can hold for many seconds
                        // more; the connection is made again once that attempt has ended.
                        _listening = false;
                        try
                        {
                            await answer;
                        }
                        catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException or TimeoutException)
                        {
                        }
                        throw new TimeoutException($"the cache signal's heartbeat was not answered within {HeartbeatTimeoutSeconds} s");
                    }
                    await answer;
                    Interlocked.Exchange(ref _heardAt, askedAt);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException or TimeoutException)
            {
                _listening = false;
                lost = true;
                log.LogWarning(e, "cache signal: listening connection lost; caches fall back to their lifetimes; retrying in {Retry}", retry);
                try
                {
                    await Task.Delay(retry, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task SendOutbox(CancellationToken ct)
    {
        try
        {
            while (await outbox.Reader.WaitToReadAsync(ct))
            {
                var tables = new List<string>();
                while (outbox.Reader.TryRead(out var table)) tables.Add(table);
                var sql = CacheSignal.Notify(tables);
                if (sql.Length == 0) continue;
                try
                {
                    await using var conn = new NpgsqlConnection(connectionString);
                    await conn.OpenAsync(ct);
                    await using var notify = new NpgsqlCommand(sql, conn);
                    await notify.ExecuteNonQueryAsync(ct);
                }
                catch (NpgsqlException e)
                {
                    // Not sent: the other nodes see the write when their entries expire.
                    log.LogWarning(e, "cache signal: could not send a notice for {Tables}", string.Join(", ", tables));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
