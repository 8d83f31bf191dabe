using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

/// <summary>
/// One open SQLite connection per pooled context, kept for the context's life, so that the statements run on it
/// stay prepared (issue 17). Microsoft.Data.Sqlite prepares a command's SQL anew for every new command object and
/// finalizes every statement when its connection closes — and a pooled EF Core context closes its connection after
/// each transaction and disposes it at the end of each lease. The device lock read of every print and reset took
/// 126 µs of processor time to parse and plan and 11 µs to run (measured on this machine, 20,000 calls each);
/// <see cref="SqliteStatementCache"/> keeps it and every other statement prepared on the connection held here.
/// <para>
/// The connection is opened here with the same connection string and the same <see cref="Pragmas"/> EF Core's own
/// connections get, and given to the context without ownership: EF Core neither closes it after a transaction nor
/// disposes it when the lease ends (a transaction still open then is rolled back by the context's reset, as before).
/// What one lease leaves on it is what SQLite keeps per connection and nothing of the request: prepared statements,
/// the page cache (which Microsoft.Data.Sqlite's pool kept as well), the pragmas. The connections close when this
/// holder is disposed with the host's services, or with their context when the pool lets one go.
/// </para>
/// </summary>
public sealed class SqliteHeldConnections(string connectionString) : IDisposable
{
    /// <summary>
    /// Every connection Ibis opens on its SQLite file runs these first: a committed print survives a power cut
    /// (<c>synchronous=FULL</c>). <c>temp_store=MEMORY</c> (issue 17): a commit group gives each member a savepoint, and
    /// SQLite keeps a savepoint's journal of the pages it changed in memory only up to 64 KiB, then in a temporary file it
    /// creates, writes and deletes — a group of resets passed that about once in twelve resets (an strace of one: 67 files
    /// in two seconds). In memory, with the sorts and temporary tables of the larger reports: their size is the price, on
    /// an installation small enough for SQLite.
    /// <para>
    /// <c>busy_timeout</c> (issue 17): the scheduler's store wrote to the same file on connections of its own, outside
    /// the write gate (it has a file of its own now; another process — the admin command, the sqlite3 shell — still
    /// may). Without a busy handler SQLite answers a writer that finds the lock taken with SQLITE_BUSY at once,
    /// and Microsoft.Data.Sqlite then sleeps 150 ms before it tries again — inside the writer's turn, so every print
    /// queued behind it waited too (an open-loop run at 1,100 prints/s had its p99 at 150–400 ms in the seconds a job
    /// fired). With it SQLite waits in the engine, polling after 1, 2, 5, 10 … ms, as long as the connection string's
    /// <c>Default Timeout</c> (30 s) allowed before.
    /// </para>
    /// </summary>
    public const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA busy_timeout=30000;";

    private readonly ConditionalWeakTable<DbContext, SqliteConnection> _held = new();
    private readonly Lock _gate = new();
    private bool _disposed;
    private int _count;

    /// <summary>The contexts the pool keeps idle between leases, at most (DatabaseSetup).</summary>
    public const int PoolSize = 64;

    /// <summary>
    /// Contexts that hold a connection, at most (more run concurrently only in a burst): the pool's, and room for those
    /// leased outside it meanwhile (a request in flight, a job's long-lived scope), so that every context the pool keeps
    /// can hold one.
    /// </summary>
    public const int MaxHeld = PoolSize + 16;

    /// <summary>Whether <paramref name="db"/> holds a connection of this holder (tests).</summary>
    public bool Holds(DbContext db) => _held.TryGetValue(db, out _);

    /// <summary>The context, on the connection it holds for its life (opened on its first lease).</summary>
    public TContext Hold<TContext>(TContext db) where TContext : DbContext
    {
        if (_held.TryGetValue(db, out _)) return db;
        // Past this many (a burst of concurrent requests), a context keeps EF Core's own connection, opened and closed
        // per operation as before: the held ones live as long as the pool, and each keeps a page cache. The pool keeps
        // fewer contexts than this (PoolSize); one it let go after a burst still counts until the collector has
        // taken it (its connection with it), so at the cap the contexts still alive are counted again — else a pool
        // refilled after a burst would keep contexts that never hold one, whose writes never join a commit group.
        if (Volatile.Read(ref _count) >= MaxHeld && Recount() >= MaxHeld) return db;
        var connection = Open();
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                db.Database.SetDbConnection(connection, contextOwnsConnection: false);
                _held.Add(db, connection);
                _count++;
            }
            return db;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The contexts holding a connection that are still alive (a weak table forgets the collected ones).</summary>
    private int Recount()
    {
        lock (_gate)
        {
            var alive = 0;
            foreach (var _ in _held) alive++;
            return _count = alive;
        }
    }

    private SqliteConnection? _writer;

    /// <summary>
    /// Pages of write-ahead log past which the writer connection checkpoints in its own commit after all: a backstop for
    /// the checkpoints <see cref="Checkpoint"/> runs beside it (SQLite's default, 1,000, made every twelfth commit group
    /// of resets copy the log into the database and sync it inside the writer's turn, which every other writer waited
    /// out). 40 MiB of 4 KiB pages; reached only if nothing checkpoints meanwhile.
    /// </summary>
    public const int WriterAutoCheckpointPages = 10_000;

    private SqliteConnection? _checkpointer;
    private readonly Lock _checkpointing = new();

    /// <summary>
    /// A passive checkpoint on a connection of its own, beside the writer (issue 17): the log's committed pages copied into
    /// the database and synced without the write lock, so the writer's commits only append to the log. Returns the pages
    /// in the log and those now in the database; (-1, -1) when the database is not in WAL mode or it could not start.
    /// </summary>
    public (int Log, int Checkpointed) Checkpoint()
    {
        lock (_checkpointing)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _checkpointer ??= Open(statementCache: false);
            }
            using var command = _checkpointer.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt32(1), reader.GetInt32(2)) : (-1, -1);
        }
    }

    /// <summary>
    /// The one connection the write transactions of this process run on, each in its turn at the write gate, which
    /// lends it to the context of the transaction (issue 17). SQLite has one writer at a time anyway; on one connection
    /// its page cache stays valid from one write to the next, where a context's own connection found it stale (another
    /// connection had written since) and read the pages again, and its prepared statements serve every writer.
    /// </summary>
    public SqliteConnection Writer
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_writer is not null) return _writer;
                _writer = Open();
                using var backstop = _writer.CreateCommand();
                backstop.CommandText = $"PRAGMA wal_autocheckpoint={WriterAutoCheckpointPages}";
                backstop.ExecuteNonQuery();
                return _writer;
            }
        }
    }

    /// <summary>
    /// Closes the writer connection, which a context could not be given back from: the next write opens a new one, and
    /// the context that kept the old one fails on it instead of sharing it with the next writer.
    /// </summary>
    public void DiscardWriter(SqliteConnection writer)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_writer, writer)) _writer = null;
        }
        writer.Dispose();
    }

    /// <summary>An open connection with the pragmas and (unless told not to) a statement cache.</summary>
    private SqliteConnection Open(bool statementCache = true)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        try
        {
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = Pragmas;
                pragmas.ExecuteNonQuery();
            }
            if (statementCache) SqliteStatementCache.Attach(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Closes every held connection (the host is stopping; its context pool is going too).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var (_, connection) in _held) connection.Dispose();
            _held.Clear();
            _writer?.Dispose();
            _writer = null;
        }
        lock (_checkpointing)
        {
            _checkpointer?.Dispose();
            _checkpointer = null;
        }
    }
}
