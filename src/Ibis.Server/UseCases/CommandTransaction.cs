using Microsoft.EntityFrameworkCore.Storage;

namespace Ibis.Server.UseCases;

/// <summary>
/// What a stage running inside <see cref="CommandPipeline.InTransaction{T}"/> may do with the transaction: know whether
/// it is its own (not joined to a caller's), roll it back to answer from a clean state, and act once it is committed
/// (anchoring a device's new state outside the database must follow the commit, never a rollback).
/// </summary>
public sealed class CommandTransaction
{
    /// <summary>A command joined to a caller's open transaction: that caller commits, and nothing here runs after it.</summary>
    public static readonly CommandTransaction Joined = new(null);

    private readonly IDbContextTransaction? _tx;
    private readonly string? _savepoint;
    private List<Action>? _afterCommit;

    /// <param name="savepoint">A member of a SQLite commit group (Hosting/SqliteWriteGate): its rollback undoes its savepoint only.</param>
    internal CommandTransaction(IDbContextTransaction? tx, string? savepoint = null)
    {
        _tx = tx;
        _savepoint = savepoint;
    }

    /// <summary>Whether the pipeline began this transaction (and will commit it) rather than joining one.</summary>
    public bool Own => _tx is not null;

    internal bool RolledBack { get; private set; }

    public async Task RollBack(CancellationToken ct)
    {
        if (_tx is null) throw new InvalidOperationException("a joined transaction is rolled back by its owner");
        if (_savepoint is null) await _tx.RollbackAsync(ct);
        else await _tx.RollbackToSavepointAsync(_savepoint, ct);
        RolledBack = true;
    }

    /// <summary>Runs <paramref name="action"/> once the transaction has committed; never for a joined or rolled-back one.</summary>
    public void AfterCommit(Action action)
    {
        if (_tx is not null) (_afterCommit ??= []).Add(action);
    }

    internal void Committed()
    {
        if (_afterCommit is null) return;
        foreach (var action in _afterCommit) action();
    }
}
