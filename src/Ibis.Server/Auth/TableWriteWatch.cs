using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ibis.Server.Auth;

/// <summary>
/// Sees every statement that writes a watched table (<see cref="TableGenerations.Watched"/>: a key
/// revoked, rotated, revoked with its user or licensee, disposed; a rate table imported; a schedule or
/// design changed) and raises that table's generation when the statement runs and again when its
/// transaction commits, so a reader that filled a cache between the two cannot keep the old answer.
/// A device's registers move with every print; such an update of <c>devices</c> does not count as a write
/// (<see cref="DeviceStandingWrites"/>), so the verifier's cache is not emptied by every indicium printed.
/// On PostgreSQL (<paramref name="outbox"/> given) the other nodes are told too (<see cref="CacheSignal"/>):
/// a transaction that wrote a watched table sends <c>NOTIFY</c> for it just before its commit, inside
/// itself, so the notice leaves only with the commit; a write outside a transaction is followed by its
/// notice on the same connection, or — when a reader still holds that connection — through the outbox.
/// </summary>
public sealed class TableWriteWatch(TableGenerations generations, CacheSignalOutbox? outbox = null) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbTransaction, HashSet<string>> Pending = new();
    private static readonly ConditionalWeakTable<DbCommand, HashSet<string>> PendingReaders = new();

    // A statement writes a table when it names it right after INSERT INTO, UPDATE or DELETE FROM (quoted or
    // not). A plain substring test would also match a SELECT of columns such as "UpdatedAt" and make a
    // cache forget what it just read. One pattern for every watched table: each statement is scanned once.
    private static readonly System.Text.RegularExpressions.Regex Writes = new(
        $@"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+""?(?<table>{string.Join("|", TableGenerations.Watched.Select(System.Text.RegularExpressions.Regex.Escape))})""?(?:\s|$|\()",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>The watched tables <paramref name="command"/> wrote (raised here already); empty for most statements.</summary>
    private List<string>? Saw(DbCommand command)
    {
        var text = command.CommandText;
        List<string>? autocommitted = null;
        foreach (System.Text.RegularExpressions.Match match in Writes.Matches(text))
        {
            var table = match.Groups["table"].Value.ToLowerInvariant();
            if (table == DeviceStandingWrites.Table && !DeviceStandingWrites.Changes(text, match)) continue;
            generations.Raise(table);
            if (command.Transaction is { } tx)
            {
                var pending = Pending.GetOrCreateValue(tx);
                lock (pending) pending.Add(table);
            }
            else if (outbox is not null) (autocommitted ??= []).Add(table);
        }
        return autocommitted;
    }

    // A write outside a transaction has committed when its statement returns: its notice follows on the same connection.
    private static ValueTask NotifyAfter(DbCommand command, List<string>? tables, CancellationToken ct) =>
        tables is null || command.Connection is not { } conn ? ValueTask.CompletedTask : SendAsync(conn, null, CacheSignal.Notify(tables), ct);

    private static void NotifyAfter(DbCommand command, List<string>? tables)
    {
        if (tables is not null && command.Connection is { } conn) Send(conn, null, CacheSignal.Notify(tables));
    }

    /// <summary>Runs one NOTIFY statement on <paramref name="conn"/>, inside <paramref name="tx"/> when given.</summary>
    private static void Send(DbConnection conn, DbTransaction? tx, string sql)
    {
        using var notify = conn.CreateCommand();
        notify.Transaction = tx;
        notify.CommandText = sql;
        notify.ExecuteNonQuery();
    }

    private static async ValueTask SendAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var notify = conn.CreateCommand();
        notify.Transaction = tx;
        notify.CommandText = sql;
        await notify.ExecuteNonQueryAsync(ct);
    }

    private static void HoldForReader(DbCommand command, List<string>? tables)
    {
        if (tables is null) return;
        var pending = PendingReaders.GetOrCreateValue(command);
        lock (pending) pending.UnionWith(tables);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (outbox is not null && PendingReaders.TryGetValue(command, out var tables))
        {
            PendingReaders.Remove(command);
            lock (tables)
            {
                foreach (var table in tables) outbox.Post(table);
            }
        }
        return result;
    }

    private string? NotifyBeforeCommit(DbTransaction tx)
    {
        if (outbox is null || !Pending.TryGetValue(tx, out var tables)) return null;
        lock (tables) return tables.Count == 0 ? null : CacheSignal.Notify(tables);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (NotifyBeforeCommit(transaction) is { } sql && transaction.Connection is { } conn) Send(conn, transaction, sql);
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (NotifyBeforeCommit(transaction) is { } sql && transaction.Connection is { } conn) await SendAsync(conn, transaction, sql, cancellationToken);
        return result;
    }

    private void Committed(DbTransaction tx)
    {
        if (!Pending.TryGetValue(tx, out var tables)) return;
        Pending.Remove(tx);
        lock (tables)
        {
            foreach (var table in tables) generations.Raise(table);
        }
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        HoldForReader(command, Saw(command));
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        HoldForReader(command, Saw(command));
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        NotifyAfter(command, Saw(command));
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await NotifyAfter(command, Saw(command), cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }
}
