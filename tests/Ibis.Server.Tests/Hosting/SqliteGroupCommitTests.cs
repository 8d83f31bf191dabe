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
    private readonly WriteGateHold _gate;

    public SqliteGroupCommitTests(SqliteAppFixture fixture)
    {
        _app = fixture.App;
        _gate = new WriteGateHold(_app);
    }

    private Task<IDisposable> HoldGate() => _gate.Hold();

    private Task UntilQueued(int writers) => _gate.UntilQueued(writers);

    private Task Baseline() => _gate.Baseline();

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
            failing = QueueRefused(mark, "failing");
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
    public async Task AGroupWhoseLastMemberFails_IsCounted_WithTheMembersItCommitted()
    {
        var mark = await NewMark();
        var sizes = new List<int>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Ibis" && instrument.Name == "ibis.sqlite.commit_group.size") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            lock (sizes) sizes.Add(value);
        });
        listener.Start();
        Task first, second, failing;
        await Baseline();
        using (await HoldGate())
        {
            first = Queue(mark, "first");
            await UntilQueued(2);
            second = Queue(mark, "second");
            await UntilQueued(3);
            failing = QueueRefused(mark, "failing");
            await UntilQueued(4);
        }
        await first;
        await second;
        await Assert.ThrowsAsync<ApiException>(() => failing);
        Assert.Equal(["first", "second"], await Outcomes(mark));
        // The group is counted although its last member failed, with the two transactions it committed. (The meter is
        // the process's: other tests' groups may be counted meanwhile, never this one as three.)
        lock (sizes) Assert.Contains(2, sizes);
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

    /// <summary>A writer that inserts its mark and is then refused (a 409): its savepoint is rolled back, the group goes on.</summary>
    private Task QueueRefused(string mark, string outcome) => Queue(mark, outcome, async (db, ct) =>
    {
        await Insert(db, mark, outcome, ct);
        throw new ApiException(409, "refused_for_the_test", "refused");
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
