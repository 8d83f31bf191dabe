using Ibis.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Hosting;

/// <summary>
/// SQLite has one writer at a time. Left to itself, Microsoft.Data.Sqlite makes waiting writers
/// poll the busy database (sleeping 150 ms on a pool thread between tries), which gives seconds of
/// tail latency under concurrent prints. Writers in this process queue here instead, in order and
/// without blocking threads; other processes on the same file still fall back to the busy wait.
/// PostgreSQL needs no gate: it locks rows, not the database.
/// <para>
/// Issue 17: the writer whose turn it is runs on the one writer connection (<see cref="SqliteHeldConnections.Writer"/>),
/// lent to its context for the turn, and the command pipeline's transactions share commits
/// (<see cref="SqliteCommitGroup"/>, run by the command pipeline): while writers are queued, each runs in a savepoint of one open transaction and
/// the last of the run — or the <see cref="MaxGroup"/>th — commits for all; every one of them is answered only after
/// that commit. Any other writer at the gate (<see cref="Enter"/>) first commits a group left open.
/// </para>
/// </summary>
public sealed class SqliteWriteGate(SqliteHeldConnections? connections, ILogger<SqliteWriteGate> log)
{
    private readonly SqliteHeldConnections? _connections = connections;

    /// <summary>Members of one commit group at most: the first one's answer waits for the last one's work.</summary>
    public const int MaxGroup = 32;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Writers waiting for the gate or holding it.</summary>
    private int _queued;

    /// <summary>The group whose transaction is open on the writer connection; read and written by the gate's holder only.</summary>
    private SqliteCommitGroup? _open;

    /// <summary>Commits that stood for more than one transaction, and the transactions in them (tests, metrics).</summary>
    public (long Commits, long Members) Grouped => (Interlocked.Read(ref _groupCommits), Interlocked.Read(ref _groupMembers));

    /// <summary>Writers waiting for the gate or holding it (tests).</summary>
    internal int Queued => Volatile.Read(ref _queued);

    /// <summary>Writers that have asked for the gate so far, each counted once it is in the gate's queue (tests: the order of the queue).</summary>
    internal long Asked => Interlocked.Read(ref _asked);

    private long _asked;

    private long _groupCommits;
    private long _groupMembers;

    /// <summary>
    /// Waits for the gate, unless the database is PostgreSQL or a transaction is already open (its owner holds the gate),
    /// and commits a group left open, so that what the holder writes meets no transaction but its own.
    /// </summary>
    public async Task<IDisposable?> Enter(IbisDb db, CancellationToken ct)
    {
        if (db.IsPostgres || db.Database.CurrentTransaction is not null) return null;
        var turn = await TakeTurn(db, ct);
        turn.CommitOpenGroup();
        return turn;
    }

    /// <summary>
    /// Whether a turn at the gate lends <paramref name="db"/> the writer connection (its context holds a connection of
    /// its own, <see cref="SqliteHeldConnections"/>), so that its transaction joins a commit group and keeps what the
    /// context tracks.
    /// </summary>
    public bool LendsWriterTo(IbisDb db) => !db.IsPostgres && _connections is not null && _connections.Holds(db);

    /// <summary>
    /// A turn at the gate for a transaction of the command pipeline (<c>UseCases.CommandPipeline</c>): with
    /// <see cref="Turn.Writer"/> the context is on the writer connection and joins the open group
    /// (<see cref="Turn.Group"/>); without, it runs a transaction of its own after <see cref="Turn.CommitOpenGroup"/>.
    /// </summary>
    public async Task<Turn> TakeTurn(IbisDb db, CancellationToken ct)
    {
        Interlocked.Increment(ref _queued);
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var turn = _gate.WaitAsync(ct);
            Interlocked.Increment(ref _asked); // in the semaphore's queue now, in order
            await turn;
        }
        catch (OperationCanceledException)
        {
            await Abandon();
            throw;
        }
        var acquired = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // A context on a connection of its own (past SqliteHeldConnections.MaxHeld) keeps it: EF Core would dispose it.
            if (_connections is null || !_connections.Holds(db)) return new Turn(this, null, null, null, asked, acquired);
            var own = db.Database.GetDbConnection();
            var writer = _connections.Writer;
            db.Database.SetDbConnection(writer, contextOwnsConnection: false);
            return new Turn(this, db, own, writer, asked, acquired);
        }
        catch
        {
            Interlocked.Decrement(ref _queued);
            _gate.Release();
            throw;
        }
    }

    /// <summary>
    /// A writer that stopped waiting: if it was the last one queued, the group left open for it to join has nobody to
    /// commit it, so it takes its turn after all to do that.
    /// </summary>
    private async Task Abandon()
    {
        if (Interlocked.Decrement(ref _queued) != 0 || Volatile.Read(ref _open) is null) return;
        Interlocked.Increment(ref _queued);
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            CommitOpen();
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
            _gate.Release();
        }
    }

    /// <summary>Commits the open group, if any (the gate held).</summary>
    private void CommitOpen()
    {
        if (_open is not { } group) return;
        _open = null;
        if (group.Commit() is { } failure)
        {
            log.LogError(failure, "A group commit of {Members} transactions failed; none of them was acknowledged", group.Members);
            return;
        }
        if (group.Committing > 1)
        {
            Interlocked.Increment(ref _groupCommits);
            Interlocked.Add(ref _groupMembers, group.Committing);
        }
    }

    /// <summary>One writer's turn at the gate: the writer connection lent to its context (null for a context on a connection of its own).</summary>
    /// <param name="asked">When the turn was asked for, and <paramref name="acquired"/> when the gate was taken (<see cref="System.Diagnostics.Stopwatch"/> timestamps; the command pipeline's metrics).</param>
    public sealed class Turn(SqliteWriteGate gate, IbisDb? db, System.Data.Common.DbConnection? own, SqliteConnection? writer, long asked, long acquired) : IDisposable
    {
        public long AskedAt => asked;

        public long AcquiredAt => acquired;

        private int _left;

        public SqliteConnection? Writer => writer;

        /// <summary>The open commit group on the writer connection, begun for this turn if none is open.</summary>
        public SqliteCommitGroup Group() => gate._open ??= SqliteCommitGroup.Begin(writer ?? throw new InvalidOperationException("a turn without the writer connection joins no group"));

        public void CommitOpenGroup() => gate.CommitOpen();

        /// <summary>
        /// Leaves the gate: commits the open group unless another writer is queued to join it (and it is not full and
        /// not lost), gives the context its own connection back, lets the next writer in.
        /// </summary>
        public void Leave()
        {
            if (Interlocked.Exchange(ref _left, 1) != 0) return;
            try
            {
                var others = Interlocked.Decrement(ref gate._queued);
                if (gate._open is { } group && (others == 0 || group.Members >= MaxGroup || group.Lost)) gate.CommitOpen();
                // The context goes back to its own connection before the next writer gets the writer connection.
                if (db is not null) db.Database.SetDbConnection(own, contextOwnsConnection: false);
            }
            catch (Exception e)
            {
                // A context that could not be given its connection back must not share the writer with the next one;
                // a group still open on it cannot commit now.
                if (gate._open is { } group)
                {
                    group.Lose(e);
                    gate.CommitOpen();
                }
                if (writer is not null) gate._connections!.DiscardWriter(writer);
                throw;
            }
            finally
            {
                gate._gate.Release();
            }
        }

        public void Dispose() => Leave();
    }
}
