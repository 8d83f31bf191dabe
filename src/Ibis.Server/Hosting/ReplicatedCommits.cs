using System.Data.Common;
using System.Runtime.CompilerServices;
using Ibis.Server.Api;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Ibis.Server.Hosting;

/// <summary>
/// An acknowledgement means replicated (issue 17, "Database failover"). With synchronous replication a
/// PostgreSQL primary waits, inside COMMIT, until its synchronous standby has the commit. When that wait
/// is cancelled — a client command timeout, a cancel request, the request's own cancellation — the server
/// does not roll back: the transaction has already committed locally, so it answers COMMIT with success
/// and only a WARNING notice ("canceling wait for synchronous replication due to user request", detail
/// "The transaction has already committed locally, but might not have been replicated to the standby.").
/// If the primary then dies, the standby that Patroni promotes may not have that commit.
/// </summary>
/// <remarks>
/// This interceptor watches every PostgreSQL connection's notices, and when such a notice arrived during a
/// transaction's COMMIT it turns the successful commit into a retryable 503 <c>commit_not_replicated</c>,
/// before the caller anchors the new register state (the register checkpoints) or answers anything. The client retries
/// with the same Idempotency-Key: where the commit survived, the stored answer is replayed; where it was lost
/// with the old primary, the operation runs again. Register it after every other interceptor, so that they
/// have seen the commit before this one refuses it. The server's <c>lc_messages</c> must be English (the
/// default, <c>C</c>), as these texts are matched.
/// </remarks>
internal sealed class ReplicatedCommits : DbConnectionInterceptor, IDbTransactionInterceptor
{
    public const string Code = "commit_not_replicated";

    /// <summary>Notices seen on one connection since its current transaction began.</summary>
    private sealed class Watch
    {
        public volatile bool NotReplicated;
    }

    private static readonly ConditionalWeakTable<DbConnection, Watch> Connections = new();
    private static readonly ConditionalWeakTable<DbTransaction, Watch> Transactions = new();

    /// <summary>
    /// The notice PostgreSQL (src/backend/replication/syncrep.c, SyncRepWaitForLSN) sends when a commit's wait for
    /// its synchronous standby was cancelled; the commit stays, unreplicated.
    /// </summary>
    public static bool IsCancelledReplicationWait(PostgresNotice notice) =>
        notice.InvariantSeverity == "WARNING"
        && (notice.MessageText.Contains("wait for synchronous replication", StringComparison.OrdinalIgnoreCase)
            || (notice.Detail?.Contains("might not have been replicated", StringComparison.OrdinalIgnoreCase) ?? false));

    private static Watch WatchOf(DbConnection connection) => Connections.GetValue(connection, c =>
    {
        var watch = new Watch();
        if (c is NpgsqlConnection npgsql)
            npgsql.Notice += (_, e) => { if (IsCancelledReplicationWait(e.Notice)) watch.NotReplicated = true; };
        return watch;
    });

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => WatchOf(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WatchOf(connection);
        return Task.CompletedTask;
    }

    // After COMMIT the Npgsql transaction no longer knows its connection: the watch is tied to the transaction when it begins.
    private static DbTransaction Began(DbConnection connection, DbTransaction transaction)
    {
        var watch = WatchOf(connection);
        watch.NotReplicated = false;
        Transactions.AddOrUpdate(transaction, watch);
        return transaction;
    }

    private static void Committed(DbTransaction transaction)
    {
        if (!Transactions.TryGetValue(transaction, out var watch)) return;
        Transactions.Remove(transaction);
        if (!watch.NotReplicated) return;
        watch.NotReplicated = false;
        throw new ApiException(StatusCodes.Status503ServiceUnavailable, Code,
            "the database committed this change locally but could not confirm that its standby has it, so it is not acknowledged; " +
            "retry with the same Idempotency-Key: the stored result is returned if the change survived, otherwise it is made again");
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result) => Began(connection, result);

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Began(connection, result));

    public DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result) => Began(connection, result);

    public ValueTask<DbTransaction> TransactionUsedAsync(DbConnection connection, TransactionEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Began(connection, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }
}
