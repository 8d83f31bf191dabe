using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Server.Auth;
using Ibis.Server.Hosting;

namespace Ibis.Server.UseCases;

/// <summary>Who may run a command: its roles, and whether only an organisation's administrators may.</summary>
public sealed record Access(IReadOnlyList<string> Roles, bool AdministratorsOnly = false)
{
    public static Access For(params string[] roles) => new(roles);

    public static Access AdministratorOf(params string[] roles) => new(roles, AdministratorsOnly: true);

    /// <summary>Refuses a caller whose role is not among <see cref="Roles"/> (403 <c>forbidden</c>).</summary>
    public void Authorize(Caller caller)
    {
        Rules.Check(new CallerRoleMustBeAllowedRule(caller.Role, Roles));
        if (AdministratorsOnly) Rules.Check(new Domain.Organisations.CallerMustBeAdministratorRule(caller.IsAdministrator));
    }
}

/// <summary>The caller's role may not run this command.</summary>
public sealed record CallerRoleMustBeAllowedRule(string Role, IReadOnlyList<string> Allowed) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => $"your role ({Role}) may not do this; it is for {string.Join(", ", Allowed)}";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !Allowed.Contains(Role);
}

/// <summary>
/// The one way a command runs (DESIGN §3 "Use cases and the pipeline"): authorize → one database
/// transaction (SQLite writers take turns through the write gate) → the handler → save → commit. A
/// refusal anywhere rolls everything back, so a command either happens whole or not at all. Inside
/// a caller's transaction (the sandbox is created in one) the command joins it.
/// </summary>
/// <remarks>
/// The row-lock and idempotency stages — <c>PsdTransaction</c> (one device) and <c>AccountTransaction</c> (one deposit
/// account), which keep an idempotent answer beside the effect under the row's lock — run inside the same transaction
/// stage (<see cref="InTransaction{T}"/>); so do the background jobs (no caller, no access). No other code of the server
/// opens a transaction of its own.
/// </remarks>
public sealed class CommandPipeline(IbisDb db, SqliteWriteGate gate)
{
    public async Task<T> Run<T>(Caller? caller, Access? access, Func<CancellationToken, Task<T>> handler, CancellationToken ct)
    {
        if (access is not null)
        {
            ArgumentNullException.ThrowIfNull(caller);
            access.Authorize(caller);
        }
        return await InTransaction(async (_, ct) =>
        {
            var result = await handler(ct);
            await db.SaveChangesAsync(ct);
            return result;
        }, ct);
    }

    /// <summary>
    /// The transaction stage alone: the gate, the provider's execution strategy (a retry runs <paramref name="work"/>
    /// again from a clear change tracker), begin, commit unless the work rolled back. The work saves its own changes —
    /// for the stages that must catch what the save reports (a concurrent duplicate of an idempotency key). Joins an
    /// open transaction, whose owner commits.
    /// </summary>
    /// <param name="keepTracked">
    /// The work writes what the context already tracks (a SQLite operation prepared before its turn at the write gate):
    /// the tracker is not cleared first. Only for a context the gate lends the writer connection to
    /// (<see cref="SqliteWriteGate.LendsWriterTo"/>), whose transaction is not retried.
    /// </param>
    public async Task<T> InTransaction<T>(Func<CommandTransaction, CancellationToken, Task<T>> work, CancellationToken ct, bool keepTracked = false)
    {
        if (keepTracked && !gate.LendsWriterTo(db))
            throw new InvalidOperationException("only a SQLite context on a held connection keeps what it tracks into its transaction");
        if (db.Database.CurrentTransaction is not null) return await work(CommandTransaction.Joined, ct);
        // SQLite: in turn at the write gate, committed with the writers queued behind (SqliteWriteGate).
        if (!db.IsPostgres) return await InGroup(work, ct, keepTracked);
        return await Alone(work, ct);
    }

    /// <summary>
    /// SQLite: <paramref name="work"/> in a commit group (Hosting/SqliteWriteGate, SqliteCommitGroup) when its context
    /// holds a connection (the writer connection is lent to it for its turn), in a savepoint of the group's transaction;
    /// otherwise in a transaction of its own after the open group's commit. Returns once the work's changes are
    /// committed — with the group — and its after-commit actions have run.
    /// </summary>
    private async Task<T> InGroup<T>(Func<CommandTransaction, CancellationToken, Task<T>> work, CancellationToken ct, bool keepTracked)
    {
        var turn = await gate.TakeTurn(db, ct);
        Observability.IbisMetrics.WriteGateWait(turn.AskedAt, turn.AcquiredAt);
        if (turn.Writer is not { } writer)
        {
            try
            {
                turn.CommitOpenGroup();
                return await Alone(work, ct);
            }
            finally
            {
                turn.Leave();
                Observability.IbisMetrics.WriteGateHeld(turn.AcquiredAt);
            }
        }

        SqliteCommitGroup group;
        CommandTransaction scope;
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        try
        {
            group = turn.Group();
            if (!keepTracked) db.ChangeTracker.Clear();
            var shared = await db.Database.UseTransactionAsync(group.Transaction, ct)
                         ?? throw new InvalidOperationException("the context did not take the group's transaction");
            var savepoint = group.NextSavepoint();
            try
            {
                await shared.CreateSavepointAsync(savepoint, ct);
                scope = new CommandTransaction(shared, savepoint);
                result = await work(scope, ct);
                await shared.ReleaseSavepointAsync(savepoint, ct);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
                scope = CommandTransaction.Joined;
                try
                {
                    // Only this member's work is undone; the group goes on with the others'.
                    await shared.RollbackToSavepointAsync(savepoint, CancellationToken.None);
                    await shared.ReleaseSavepointAsync(savepoint, CancellationToken.None);
                }
                catch
                {
                    // Checked next: the savepoint is gone only if the transaction is.
                }
                group.MemberFailed(writer, e);
            }
            finally
            {
                await db.Database.UseTransactionAsync(null, CancellationToken.None);
            }
        }
        finally
        {
            turn.Leave(); // commits the group unless a writer queued behind joins it
            Observability.IbisMetrics.WriteGateHeld(turn.AcquiredAt);
        }
        failure?.Throw();
        await group.Committed; // no answer before the commit
        if (group.CountOnce())
        {
            // Counted once a group, by its first member to see the commit, with the members whose work it holds.
            Observability.IbisMetrics.CommitGroup(group.Committing);
            if (group.CommitTook is { } took) Observability.IbisMetrics.GroupCommitted(took);
        }
        if (!scope.RolledBack) scope.Committed();
        return result;
    }

    /// <summary>A transaction of the work's own: begin, the work, commit unless it rolled back.</summary>
    private async Task<T> Alone<T>(Func<CommandTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var scope = new CommandTransaction(tx);
            var result = await work(scope, ct);
            if (!scope.RolledBack)
            {
                await tx.CommitAsync(ct);
                scope.Committed();
            }
            return result;
        });
    }
}
