using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ibis.Server.Auth;

/// <summary>
/// API key → caller, by key hash, so that a request does not read its key row again and again. A
/// revocation is honoured at once: every statement that changes or deletes <c>api_keys</c> on this
/// node raises <see cref="Generation"/> (<see cref="ApiKeyWriteWatch"/>: when the statement runs and
/// again when its transaction commits), and an entry made under an older generation is never used,
/// so the request after a revocation reads the key afresh. Another node's revocation reaches this
/// node's entries through their lifetime (<see cref="Lifetime"/>, one second by default).
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock, IConfiguration config)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    private sealed record Entry(Caller Caller, long Generation, DateTimeOffset Expires);

    /// <summary>How long an entry may answer for its key (Ibis:Auth:ApiKeyCacheMilliseconds; 0 turns the cache off).</summary>
    public TimeSpan Lifetime { get; } = TimeSpan.FromMilliseconds(config.GetValue("Ibis:Auth:ApiKeyCacheMilliseconds", 1000));

    /// <summary>Rises with every write to the API keys seen on this node.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>A write to the API keys happened (or committed): forget every entry.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>The caller for <paramref name="hash"/>; <paramref name="load"/> reads the key row when no current entry answers.</summary>
    public async Task<Caller?> Get(string hash, Func<Task<Caller?>> load)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(hash, out var hit) && hit.Generation == Generation && hit.Expires > now) return hit.Caller;
        // The generation before the read: a revocation that lands during the read makes this entry stale at once.
        var generation = Generation;
        var caller = await load();
        if (caller is null || Lifetime <= TimeSpan.Zero) return caller;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[hash] = new Entry(caller, generation, now + Lifetime);
        return caller;
    }
}

/// <summary>
/// Sees every statement that writes the <c>api_keys</c> table (a revocation, a rotation, a user's
/// keys revoked with the user, a licensee's keys with its record, a disposal) and invalidates the
/// <see cref="ApiKeyCache"/> when it runs and again when its transaction commits: a request that
/// read the key between the two cannot keep the old answer.
/// </summary>
public sealed class ApiKeyWriteWatch(ApiKeyCache cache) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbTransaction, object> Pending = [];

    private void Saw(DbCommand command)
    {
        var text = command.CommandText;
        if (!text.Contains("\"api_keys\"", StringComparison.Ordinal) && !text.Contains(" api_keys ", StringComparison.Ordinal)) return;
        if (!text.Contains("UPDATE", StringComparison.OrdinalIgnoreCase) && !text.Contains("DELETE", StringComparison.OrdinalIgnoreCase)) return;
        cache.Invalidate();
        if (command.Transaction is { } tx) Pending.AddOrUpdate(tx, this);
    }

    private void Committed(DbTransaction tx)
    {
        if (Pending.Remove(tx)) cache.Invalidate();
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }
}
