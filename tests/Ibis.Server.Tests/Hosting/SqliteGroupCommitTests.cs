using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Hosting;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 17, group commit on SQLite (SqliteWriteGate, SqliteCommitGroup): writers queued at the write gate run each in
/// a savepoint of one transaction and share its commit; none is answered before that commit. A member that fails
/// undoes its own work only; one whose failure ends the transaction fails the group — every member then gets a
/// retryable 503 and nothing of theirs is kept — and the writers after it start a new group.
/// </summary>
[Collection("sqlite")]
public sealed class SqliteGroupCommitTests : IClassFixture<SqliteAppFixture>
{
    private readonly IbisApp _app;

    public SqliteGroupCommitTests(SqliteAppFixture fixture) => _app = fixture.App;

    [Fact]
    public async Task WritersQueuedAtTheGate_ShareOneCommit_AndNoneIsAnsweredBeforeIt()
    {
        var mark = await NewMark();
        var gate = _app.Services.GetRequiredService<SqliteWriteGate>();
        var before = gate.Grouped;
        Task[] writers;
        await Baseline();
        using (await HoldGate())
        {
            writers = [.. Enumerable.Range(0, 5).Select(i => Queue(mark, $"w{i}"))];
            await UntilQueued(6);
            Assert.All(writers, w => Assert.False(w.IsCompleted));
        }
        await Task.WhenAll(writers);

        var after = gate.Grouped;
        Assert.True(after.Commits > before.Commits, "no commit stood for more than one transaction");
        Assert.True(after.Members - before.Members >= 5, $"{after.Members - before.Members} grouped transactions, not the five queued");
        Assert.Equal(["w0", "w1", "w2", "w3", "w4"], (await Outcomes(mark)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AMemberThatFails_UndoesItsOwnWorkOnly()
    {
        var mark = await NewMark();
        Task first, failing, last;
        await Baseline();
        using (await HoldGate())
        {
            first = Queue(mark, "first");
            await UntilQueued(2);
            failing = Queue(mark, "failing", async (db, ct) =>
            {
                await Insert(db, mark, "failing", ct);
                throw new ApiException(409, "refused_for_the_test", "refused");
            });
            await UntilQueued(3);
            last = Queue(mark, "last");
            await UntilQueued(4);
        }
        await first;
        await last;
        var refused = await Assert.ThrowsAsync<ApiException>(() => failing);
        Assert.Equal("refused_for_the_test", refused.Code);
        Assert.Equal(["first", "last"], await Outcomes(mark));
    }

    [Fact]
    public async Task AMemberWhoseFailureEndsTheTransaction_FailsItsGroup_503_AndTheNextWritersStartAnother()
    {
        var mark = await NewMark();
        Task before, killer, after;
        await Baseline();
        using (await HoldGate())
        {
            before = Queue(mark, "before");
            await UntilQueued(2);
            // What SQLite does on a full disk or an I/O error: the whole transaction is rolled back under the group.
            killer = Queue(mark, "killer", async (db, ct) =>
            {
                await Insert(db, mark, "killer", ct);
                await db.Database.ExecuteSqlRawAsync("ROLLBACK", ct);
                throw new InvalidOperationException("the transaction is gone");
            });
            await UntilQueued(3);
            after = Queue(mark, "after");
            await UntilQueued(4);
        }
        var lost = await Assert.ThrowsAsync<ApiException>(() => before);
        Assert.Equal(503, lost.Status);
        Assert.Equal("commit_failed", lost.Code);
        await Assert.ThrowsAsync<InvalidOperationException>(() => killer);
        await after;
        Assert.Equal(["after"], await Outcomes(mark));
    }

    [Fact]
    public async Task AWriterThatGivesUpWhileQueued_LeavesNoGroupOpen_TheOneBeforeItCommits()
    {
        var mark = await NewMark();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var proceed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Baseline();
        var first = Queue(mark, "first", async (db, ct) =>
        {
            await Insert(db, mark, "first", ct);
            inside.SetResult();
            await proceed.Task;
        });
        await inside.Task;
        using var giveUp = new CancellationTokenSource();
        var gaveUp = Task.Run(async () =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
            await scope.ServiceProvider.GetRequiredService<CommandPipeline>().InTransaction((_, ct) => Insert(db, mark, "gave up", ct), giveUp.Token);
        });
        await UntilQueued(2);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        proceed.SetResult();
        await first; // answered: its group committed although the writer it waited for went away
        Assert.Equal(["first"], await Outcomes(mark));
        for (var i = 0; i < 100 && _app.Services.GetRequiredService<SqliteWriteGate>().Queued > 0; i++) await Task.Delay(10); // a background job may be writing
        Assert.Equal(0, _app.Services.GetRequiredService<SqliteWriteGate>().Queued);
    }

    /// <summary>The gate held by another context, so that the writers queue behind it.</summary>
    private async Task<IDisposable> HoldGate()
    {
        var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var turn = await _app.Services.GetRequiredService<SqliteWriteGate>().Enter(db, default) ?? throw new InvalidOperationException("no turn on SQLite");
        return new Held(turn, scope);
    }

    private sealed class Held(IDisposable turn, AsyncServiceScope scope) : IDisposable
    {
        public void Dispose()
        {
            turn.Dispose();
            scope.Dispose();
        }
    }

    /// <summary>
    /// Waits until <paramref name="writers"/> writers (the holder of the gate counted) have asked for the gate since
    /// <see cref="Baseline"/>: each is then in the gate's queue, in the order it was queued.
    /// </summary>
    private async Task UntilQueued(int writers)
    {
        var gate = _app.Services.GetRequiredService<SqliteWriteGate>();
        var target = _baseline + writers;
        for (var i = 0; i < 500 && gate.Asked < target; i++) await Task.Delay(10);
        Assert.True(gate.Asked >= target, $"{gate.Asked - _baseline} writers asked for the gate, waited for {writers}");
    }

    private long _baseline;

    /// <summary>
    /// Counts the writers from here (call before the holder or the first writer asks for the gate), once the server's
    /// own writers (the jobs it runs at start) have left the gate: a writer of theirs counted as one of the test's would
    /// let the next test writer queue before the one it must follow.
    /// </summary>
    private async Task Baseline()
    {
        var gate = _app.Services.GetRequiredService<SqliteWriteGate>();
        for (int i = 0, idle = 0; i < 1000 && idle < 20; i++)
        {
            idle = gate.Queued == 0 ? idle + 1 : 0;
            await Task.Delay(10);
        }
        _baseline = gate.Asked;
    }

    private Task Queue(string mark, string outcome, Func<IbisDb, CancellationToken, Task>? work = null) => Task.Run(async () =>
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        await scope.ServiceProvider.GetRequiredService<CommandPipeline>().InTransaction(async (_, ct) =>
        {
            if (work is null) await Insert(db, mark, outcome, ct);
            else await work(db, ct);
            return 0;
        }, default);
    });

    private static Task<int> Insert(IbisDb db, string mark, string outcome, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("INSERT INTO group_commit_marks VALUES ({0}, {1})", [mark, outcome], ct);

    private async Task<string> NewMark()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS group_commit_marks (mark TEXT NOT NULL, outcome TEXT NOT NULL)");
        return Guid.NewGuid().ToString("N");
    }

    private async Task<List<string>> Outcomes(string mark)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        return await db.Database.SqlQueryRaw<string>("SELECT outcome AS \"Value\" FROM group_commit_marks WHERE mark = {0} ORDER BY rowid", mark).ToListAsync();
    }
}
