using Ibis.Data;

namespace Ibis.Server.Hosting;

/// <summary>
/// SQLite has one writer at a time. Left to itself, Microsoft.Data.Sqlite makes waiting writers
/// poll the busy database (sleeping 150 ms on a pool thread between tries), which gives seconds of
/// tail latency under concurrent prints. Writers in this process queue here instead, in order and
/// without blocking threads; other processes on the same file still fall back to the busy wait.
/// PostgreSQL needs no gate: it locks rows, not the database.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the gate, unless the database is PostgreSQL or a transaction is already open (its owner holds the gate).</summary>
    public async Task<IDisposable?> Enter(IbisDb db, CancellationToken ct)
    {
        if (db.IsPostgres || db.Database.CurrentTransaction is not null) return null;
        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
