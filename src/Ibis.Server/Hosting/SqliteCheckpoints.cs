using Ibis.Data;
using Microsoft.Data.Sqlite;

namespace Ibis.Server.Hosting;

/// <summary>
/// SQLite's write-ahead log checkpointed beside the writer, not by it (issue 17). Left to SQLite, the connection whose
/// commit takes the log past 1,000 pages copies the log into the database and syncs it, in that commit — on the one
/// writer connection, inside its turn at the write gate, which every other writer waits out: under resets a group's
/// commit took 2.3 ms on average, 1.7 ms without them (bench/RESULTS.md). Here a passive checkpoint (<see cref="SqliteHeldConnections.Checkpoint"/>)
/// runs on a connection of its own every <see cref="Interval"/> — again at once while the log keeps more than
/// <see cref="Behind"/> pages unchecked and the last one gained on it — and takes no write lock; the writer checkpoints itself only past
/// <see cref="SqliteHeldConnections.WriterAutoCheckpointPages"/> (nothing checkpointing, or it falling far behind).
/// </summary>
internal sealed partial class SqliteCheckpoints(SqliteHeldConnections connections, ILogger<SqliteCheckpoints> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Pages the log may keep unchecked after a checkpoint (readers still on older pages) before the next one runs at once.</summary>
    public const int Behind = 2_000;

    /// <summary>Checkpoints run back to back at most, within one tick.</summary>
    private const int MaxRounds = 8;

    private long _runs;

    /// <summary>Checkpoints run so far (tests).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var failures = 0;
        while (await Next(timer, stoppingToken))
        {
            try
            {
                // Again at once only while a checkpoint still gains on a log far behind: one that copied nothing new (a
                // reader holding an older snapshot of the pages) waits for the next tick rather than spinning.
                int log, done, before = -1;
                for (var round = 0; round < MaxRounds && !stoppingToken.IsCancellationRequested; round++, before = done)
                {
                    (log, done) = connections.Checkpoint();
                    Interlocked.Increment(ref _runs);
                    if (log - done <= Behind || done <= before) break;
                }
                failures = 0;
            }
            catch (ObjectDisposedException)
            {
                return; // the host's services are going
            }
            catch (SqliteException e)
            {
                // A busy or failing checkpoint leaves the log to the next one (and, past the backstop, to the writer).
                if (failures++ == 0) CheckpointFailed(logger, e);
            }
        }
    }

    private static async Task<bool> Next(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1390, EventName = "SqliteCheckpointFailed", Level = LogLevel.Warning,
        Message = "A checkpoint of the SQLite write-ahead log failed; the next ones retry, and the writer checkpoints itself past its backstop")]
    private static partial void CheckpointFailed(ILogger logger, Exception error);
}
