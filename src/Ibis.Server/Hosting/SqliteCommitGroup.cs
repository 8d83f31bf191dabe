using Ibis.Server.Api;
using Microsoft.Data.Sqlite;

namespace Ibis.Server.Hosting;

/// <summary>
/// Write transactions that share one SQLite commit (issue 17, "group commit where the database allows it"): each
/// runs in a savepoint of one transaction open on the writer connection, in its turn at the write gate, and the last
/// writer of a run of queued ones commits for all. One commit — one wait for the disk — then stands for all of
/// them, and no member is acknowledged before it: each awaits <see cref="Committed"/>, which fails for all if the commit
/// does, or if a member's failure took the whole transaction with it (SQLite ends it on some errors: a full disk,
/// an I/O error). Touched only by the holder of the gate, except <see cref="Committed"/>.
/// </summary>
public sealed class SqliteCommitGroup
{
    private readonly SqliteTransaction _transaction;
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _lost;
    private int _failed;
    private int _counted;

    private SqliteCommitGroup(SqliteTransaction transaction) => _transaction = transaction;

    /// <summary>Begins the group's transaction on the writer connection (BEGIN IMMEDIATE: the write lock at once).</summary>
    public static SqliteCommitGroup Begin(SqliteConnection writer) => new(writer.BeginTransaction(deferred: false));

    public SqliteTransaction Transaction => _transaction;

    /// <summary>Members so far (each with its own savepoint).</summary>
    public int Members { get; private set; }

    /// <summary>Members whose work the commit holds: those that did not fail.</summary>
    public int Committing => Members - _failed;

    /// <summary>
    /// True for the first member to ask once the group committed, false for every other: that member counts the group in
    /// the metrics. Not the last member, which may have failed (its failure is thrown before it waits for the commit).
    /// </summary>
    public bool CountOnce() => Interlocked.Exchange(ref _counted, 1) == 0;

    /// <summary>Whether a member's failure ended the transaction: the group can only fail now.</summary>
    public bool Lost => _lost is not null;

    /// <summary>How long the group's COMMIT took, once it succeeded.</summary>
    public TimeSpan? CommitTook { get; private set; }

    /// <summary>Completes when the group's commit is durable; faults if it failed or the transaction was lost.</summary>
    public Task Committed => _committed.Task;

    /// <summary>The savepoint of the next member: one name for all, as members run one after another (the same SQL text each time).</summary>
    public string NextSavepoint()
    {
        Members++;
        return "ibis_member";
    }

    /// <summary>
    /// After a member's work failed and its savepoint was rolled back, or could not be: counts it out of the commit, and
    /// checks whether the transaction still holds the earlier members' work. SQLite leaves autocommit mode only inside a transaction.
    /// </summary>
    public void MemberFailed(SqliteConnection writer, Exception failure)
    {
        _failed++;
        if (_lost is null && (writer.State != System.Data.ConnectionState.Open || SQLitePCL.raw.sqlite3_get_autocommit(writer.Handle) != 0))
            _lost = failure;
    }

    /// <summary>Marks the transaction as lost: the group's commit fails for every member.</summary>
    public void Lose(Exception cause) => _lost ??= cause;

    /// <summary>Commits for every member (the gate held) and tells them; a failure reaches every member as a retryable 503 and is returned.</summary>
    public Exception? Commit()
    {
        try
        {
            if (_lost is not null) throw _lost;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            _transaction.Commit();
            CommitTook = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            _committed.TrySetResult();
            return null;
        }
        catch (Exception e)
        {
            _committed.TrySetException(new ApiException(StatusCodes.Status503ServiceUnavailable, "commit_failed",
                "the database could not commit this change together with the others written with it, so none of them is acknowledged; " +
                "retry with the same Idempotency-Key: the stored result is returned if the change was made, otherwise it is made again"));
            return e;
        }
        finally
        {
            try
            {
                _transaction.Dispose(); // rolls back what a failed commit left open
            }
            catch (SqliteException)
            {
                // Nothing was open any more.
            }
        }
    }
}
