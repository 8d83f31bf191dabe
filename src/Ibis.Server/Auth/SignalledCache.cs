using System.Collections.Concurrent;

namespace Ibis.Server.Auth;

/// <summary>
/// What <see cref="ApiKeyCache"/> and <see cref="ReferenceCache"/> share: entries kept in memory per key, each made under
/// its table's generation (<see cref="TableGenerations"/>) and never used once a write to the table has raised it, and
/// a lifetime that depends on the cache signal (<see cref="ICacheSignal"/>): long while every write committed elsewhere
/// more than one short lifetime ago is known to have reached the generations, short while it is not. A lifetime of 0
/// turns the cache off.
/// </summary>
internal sealed class SignalledCache<TKey>(TableGenerations tables, ICacheSignal signal, TimeProvider clock, TimeSpan lifetime, TimeSpan signalledLifetime)
    where TKey : notnull
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    private sealed record Entry(object? Value, long Generation, DateTimeOffset Made);

    /// <summary>
    /// The value under <paramref name="key"/> of <paramref name="table"/>; <paramref name="load"/> reads it when no current
    /// entry answers. <paramref name="keep"/>: whether a value read is kept (absent: always).
    /// </summary>
    public async Task<T> Get<T>(string table, TKey key, Func<Task<T>> load, Func<T, bool>? keep = null)
    {
        if (lifetime <= TimeSpan.Zero) return await load();
        await signal.Refresh();
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var hit) && hit.Generation == tables.Of(table) && now - hit.Made < LifetimeNow()) return (T)hit.Value!;
        // The generation before the read: a write that lands during the read makes this entry stale at once.
        var generation = tables.Of(table);
        var value = await load();
        if (keep is not null && !keep(value)) return value;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[key] = new Entry(value, generation, now);
        return value;
    }

    // The long lifetime only while every write committed more than one short lifetime ago is known to have reached the
    // generations: a write elsewhere then goes unseen no longer than with the short lifetime alone.
    private TimeSpan LifetimeNow() => signalledLifetime > lifetime && signal.IsCurrent(lifetime) ? signalledLifetime : lifetime;
}
