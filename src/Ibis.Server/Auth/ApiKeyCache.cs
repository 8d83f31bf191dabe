using System.Collections.Concurrent;

namespace Ibis.Server.Auth;

/// <summary>
/// API key → caller, by key hash, so that a request does not read its key row again and again. A
/// revocation is honoured at once on this node: every statement that writes <c>api_keys</c> raises its
/// generation (<see cref="TableWriteWatch"/>: when the statement runs and again when its transaction
/// commits), and an entry made under an older generation is never used, so the request after a
/// revocation reads the key afresh. A revocation written elsewhere — another node, another process on the
/// SQLite file, a database shell — raises it through the cache signal (<see cref="ICacheSignal"/>): at once on
/// PostgreSQL, within the signal's interval on SQLite. So while the signal is current an entry lives long
/// (Ibis:Auth:ApiKeyCacheSignalledMilliseconds, five minutes by default; issue 17: with 100 devices each key
/// is used about once a second, and a one-second entry missed most of the time); while it is not (PostgreSQL
/// listener down, SQLite's generation rows unreadable) it lives as long as a revocation may go unseen
/// (Ibis:Auth:ApiKeyCacheMilliseconds, one second by default; 0 turns the cache off).
/// </summary>
public sealed class ApiKeyCache(TableGenerations tables, ICacheSignal signal, TimeProvider clock, IConfiguration config)
{
    public const string Table = "api_keys";

    private readonly SignalledCache<string> _cache = new(tables, signal, clock,
        TimeSpan.FromMilliseconds(config.GetValue("Ibis:Auth:ApiKeyCacheMilliseconds", 1000)),
        TimeSpan.FromMilliseconds(config.GetValue("Ibis:Auth:ApiKeyCacheSignalledMilliseconds", 300_000)));

    /// <summary>The caller for <paramref name="hash"/>; <paramref name="load"/> reads the key row when no current entry answers.</summary>
    public Task<Caller?> Get(string hash, Func<Task<Caller?>> load) => _cache.Get(Table, hash, load, keep: caller => caller is not null);
}

/// <summary>
/// Reference data the issuance path reads on every request and that changes rarely (rate tables,
/// collection schedules, indicium designs, a licensee's address book), kept in memory per key. An entry is
/// dropped when its table is written on this node (<see cref="TableWriteWatch"/>), so an import, a new schedule
/// or a withdrawn design applies to the next request here; elsewhere (another node, another process on the
/// SQLite file) through the cache signal (<see cref="ICacheSignal"/>). Like API keys (<see cref="ApiKeyCache"/>),
/// an entry lives long while the signal is current (Ibis:ReferenceCacheSignalledMilliseconds, five minutes by
/// default; issue 17: with 100 licensees each address book was read again every two seconds, by a third of the
/// prints) and, while it is not, only as long as another's write may go unseen (Ibis:ReferenceCacheMilliseconds,
/// two seconds by default; 0 turns the cache off).
/// </summary>
public sealed class ReferenceCache(TableGenerations tables, ICacheSignal signal, TimeProvider clock, IConfiguration config)
{
    private readonly SignalledCache<(string Table, string Key)> _cache = new(tables, signal, clock,
        TimeSpan.FromMilliseconds(config.GetValue("Ibis:ReferenceCacheMilliseconds", 2000)),
        TimeSpan.FromMilliseconds(config.GetValue("Ibis:ReferenceCacheSignalledMilliseconds", 300_000)));

    public Task<T> Get<T>(string table, string key, Func<Task<T>> load) => _cache.Get(table, (table, key), load);
}

/// <summary>A counter per table, raised by every write to it that this node sees or another node signals.</summary>
public sealed class TableGenerations
{
    /// <summary>
    /// The tables whose readers cache: API keys, the issuance path's reference data, and what the verifier
    /// reads of certificates, devices and refunds (the verification facts cache).
    /// </summary>
    public static readonly string[] Watched =
    [
        ApiKeyCache.Table, "rate_tables", "collection_schedules", "indicium_designs",
        "certificates", DeviceStandingWrites.Table, "device_events", "incidents", "refunded_pieces",
        Indicia.ReturnAddresses.Table,
    ];

    private static readonly System.Collections.Frozen.FrozenSet<string> WatchedSet = System.Collections.Frozen.FrozenSet.ToFrozenSet(Watched, StringComparer.Ordinal);

    /// <summary>Whether writes to <paramref name="table"/> are watched: such a write must pass the table write watch (an EF Core interceptor).</summary>
    public static bool IsWatched(string table) => WatchedSet.Contains(table);

    /// <summary>
    /// Whether an UPDATE of <paramref name="table"/> setting <paramref name="columns"/> must pass the table write watch: a
    /// watched table's, but of <c>devices</c> only one that sets a column of its standing (a print's register update does not).
    /// </summary>
    public static bool MustSeeUpdate(string table, IEnumerable<string> columns) =>
        IsWatched(table) && (table != DeviceStandingWrites.Table || DeviceStandingWrites.Sets(columns));

    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    public long Of(string table) => _generations.GetValueOrDefault(table);

    public void Raise(string table) => _generations.AddOrUpdate(table, 1, (_, g) => g + 1);
}
