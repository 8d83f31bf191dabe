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
/// </summary>
public sealed class TableWriteWatch(TableGenerations generations) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbTransaction, HashSet<string>> Pending = new();

    // A statement writes a table when it names it right after INSERT INTO, UPDATE or DELETE FROM (quoted or
    // not). A plain substring test would also match a SELECT of columns such as "UpdatedAt" and make a
    // cache forget what it just read. One pattern for every watched table: each statement is scanned once.
    private static readonly System.Text.RegularExpressions.Regex Writes = new(
        $@"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+""?(?<table>{string.Join("|", TableGenerations.Watched.Select(System.Text.RegularExpressions.Regex.Escape))})""?(?:\s|$|\()",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    private void Saw(DbCommand command)
    {
        var text = command.CommandText;
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
        }
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
