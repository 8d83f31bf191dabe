using Microsoft.Data.Sqlite;

namespace Ibis.Server.Auth;

/// <summary>
/// The caches' signal on SQLite (issue 17): the server's own writes raise their tables' generations as they
/// run (<see cref="TableWriteWatch"/>), but another process on the same file — the admin command, the sqlite3
/// shell — is seen only through the triggers of the CacheSignal migration, which raise a row per table in
/// <c>cache_generations</c>. This reads those rows, at most once per interval
/// (Ibis:CacheSignal:PollMilliseconds, 250 by default), on the request that finds the interval passed;
/// a row that moved raises its table here. Nothing runs in the background: an idle server reads nothing,
/// and a busy one reads a few rows four times a second.
/// <c>PRAGMA data_version</c> would tell whether anything changed since the last read, but it moves with every
/// commit of any other connection — this server's own prints included — so under load it always says yes,
/// and the rows have to be read anyway.
/// </summary>
public sealed class SqliteCacheSignal(string connectionString, TableGenerations generations, TimeProvider clock, IConfiguration config, ILogger<SqliteCacheSignal> log)
    : ICacheSignal, IDisposable
{
    private readonly TimeSpan _interval = TimeSpan.FromMilliseconds(config.GetValue("Ibis:CacheSignal:PollMilliseconds", 250));
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;

    // When the last successful read began (UTC ticks; 0: never): every commit before it has been seen.
    private long _readAt;

    // When the last read, successful or not, began: a failing read is tried again once per interval, not per request.
    private long _triedAt;

    public bool IsCurrent(TimeSpan within)
    {
        var readAt = Interlocked.Read(ref _readAt);
        return readAt != 0 && clock.GetUtcNow().UtcTicks - readAt <= within.Ticks;
    }

    public ValueTask Refresh()
    {
        if (clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _triedAt) < _interval.Ticks) return ValueTask.CompletedTask;
        return new ValueTask(Read());
    }

    private async Task Read()
    {
        // One reader at a time; a request that finds another reading goes on with what is known (at most one
        // interval and one read old).
        if (!await _reading.WaitAsync(0)) return;
        try
        {
            var started = clock.GetUtcNow().UtcTicks;
            if (started - Interlocked.Read(ref _triedAt) < _interval.Ticks) return;
            Interlocked.Exchange(ref _triedAt, started);
            var first = _connection is null;
            _connection ??= await Open();
            var rows = new List<(string Table, long Generation)>();
            await using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = "SELECT \"TableName\", \"Generation\" FROM \"cache_generations\"";
                // Not the request's token: a read given up halfway would leave the shared connection in doubt.
                await using var reader = await cmd.ExecuteReaderAsync(CancellationToken.None);
                while (await reader.ReadAsync(CancellationToken.None)) rows.Add((reader.GetString(0), reader.GetInt64(1)));
            }
            foreach (var (table, generation) in rows)
            {
                if (_seen.TryGetValue(table, out var seen) && seen == generation) continue;
                _seen[table] = generation;
                if (TableGenerations.IsWatched(table)) generations.Raise(table);
            }
            // Whatever was cached before the first read may have missed a write: forget it once.
            if (first) foreach (var table in TableGenerations.Watched) generations.Raise(table);
            Interlocked.Exchange(ref _readAt, started);
        }
        catch (SqliteException e)
        {
            // Not current until a read succeeds again: the caches fall back to their short lifetimes.
            log.LogWarning(e, "cache signal: could not read cache_generations; caches fall back to their lifetimes");
            _connection?.Dispose();
            _connection = null;
            _seen.Clear();
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task<SqliteConnection> Open()
    {
        var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync(CancellationToken.None);
        return conn;
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _reading.Dispose();
    }
}
