using Ibis.Data;
using Ibis.Server.Hosting;
using Microsoft.Data.Sqlite;

namespace Ibis.Server.Compliance;

/// <summary>
/// With SQLite the scheduler's job store is a file of its own, <c>scheduler.db</c> beside <c>ibis.db</c> (issue 17).
/// In the database file, Quartz's transactions took the write lock on connections of their own, outside Ibis's write
/// gate, at every firing: the writer waited for them in its turn, every print queued behind it. Nothing in the store
/// needs a backup or a transaction with Ibis's rows: the jobs are registered at every start and are state-based (each
/// run does all that is due), and a firing missed while the file was lost fires at start-up anyway. On PostgreSQL the
/// store stays in the database (row locks, and the nodes cluster through it), its tables made by the migrations.
/// </summary>
internal sealed class SchedulerStore(IbisOptions options) : IHostedService
{
    /// <summary>Quartz's connections to the store (only its own now: a lock it finds taken is its own, retried for 30 s).</summary>
    public static string SqliteConnectionString(IbisOptions options, bool pooling = true) =>
        new SqliteConnectionStringBuilder { DataSource = options.SchedulerSqlitePath, DefaultTimeout = 30, Pooling = pooling }.ConnectionString;

    /// <summary>Before the scheduler starts (it starts once the application has): the file, private, with the store's tables.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.PostgresConnectionString is not null) return;
        DataDirectory.CreatePrivateFile(options.SchedulerSqlitePath);
        await using var connection = new SqliteConnection(SqliteConnectionString(options, pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // WAL: the scheduler's polling reads do not block its writes. Each table statement is CREATE … IF NOT EXISTS.
        command.CommandText = "PRAGMA busy_timeout=30000; PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        foreach (var statement in QuartzSchema.Statements(postgres: false))
        {
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
