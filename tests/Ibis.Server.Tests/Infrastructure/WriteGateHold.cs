using Ibis.Data;
using Ibis.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// SQLite's write gate held by a context of the test's own, so that writers queue behind it (SqliteGroupCommitTests,
/// PreparedBatchTests). <see cref="Baseline"/> first, then <see cref="Hold"/>, then <see cref="UntilQueued"/>.
/// </summary>
internal sealed class WriteGateHold(IbisApp app)
{
    private SqliteWriteGate Gate => app.Services.GetRequiredService<SqliteWriteGate>();

    private long _baseline;

    /// <summary>The gate held by another context until the result is disposed.</summary>
    public async Task<IDisposable> Hold()
    {
        var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var turn = await Gate.Enter(db, default) ?? throw new InvalidOperationException("no turn on SQLite");
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
    public async Task UntilQueued(int writers)
    {
        var target = _baseline + writers;
        for (var i = 0; i < 500 && Gate.Asked < target; i++) await Task.Delay(10);
        Assert.True(Gate.Asked >= target, $"{Gate.Asked - _baseline} writers asked for the gate, waited for {writers}");
    }

    /// <summary>
    /// Counts the writers from here (call before the holder or the first writer asks for the gate), once the server's
    /// own writers (the jobs it runs at start) have left the gate: a writer of theirs counted as one of the test's would
    /// let the next test writer queue before the one it must follow.
    /// </summary>
    public async Task Baseline()
    {
        for (int i = 0, idle = 0; i < 1000 && idle < 20; i++)
        {
            idle = Gate.Queued == 0 ? idle + 1 : 0;
            await Task.Delay(10);
        }
        _baseline = Gate.Asked;
    }
}
