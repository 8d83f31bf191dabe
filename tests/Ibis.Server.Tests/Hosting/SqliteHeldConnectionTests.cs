using System.Net;
using Ibis.Data;
using Ibis.Server.Tests.Psd;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 17: on SQLite each pooled context holds one open connection, on which the statements EF Core runs stay
/// prepared (SqliteHeldConnections, SqliteStatementCache). What a request leaves on that connection is nothing but
/// prepared statements: no transaction, no parameter values; and the connection has the pragmas of every Ibis
/// connection. The server still works as before on it (every other SQLite test runs on held connections too).
/// </summary>
[Collection("sqlite")]
public sealed class SqliteHeldConnectionTests : IClassFixture<SqliteAppFixture>
{
    private readonly IbisApp _app;

    public SqliteHeldConnectionTests(SqliteAppFixture fixture) => _app = fixture.App;

    [Fact]
    public async Task TheWriterLeavesCheckpointsToTheCheckpointer_WhichCopiesTheLogIntoTheDatabaseBesideIt()
    {
        var connections = _app.Services.GetRequiredService<SqliteHeldConnections>();
        var checkpoints = _app.Services.GetRequiredService<Ibis.Server.Hosting.SqliteCheckpoints>();
        var gate = _app.Services.GetRequiredService<Ibis.Server.Hosting.SqliteWriteGate>();
        // The writer connection checkpoints in its own commits only past the backstop (SQLite's default is 1,000 pages).
        var pages = await _app.WithDb(async db =>
        {
            using var turn = await gate.Enter(db, CancellationToken.None);
            await using var pragma = connections.Writer.CreateCommand();
            pragma.CommandText = "PRAGMA wal_autocheckpoint";
            var autocheckpoint = (long)(await pragma.ExecuteScalarAsync())!;
            // The scheduler's store writes beside the gate: the writer waits for its lock in SQLite's busy handler.
            pragma.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(30000L, (long)(await pragma.ExecuteScalarAsync())!);
            return autocheckpoint;
        });
        Assert.Equal(SqliteHeldConnections.WriterAutoCheckpointPages, pages);

        // Writes append to the log; a checkpoint beside the writer copies every page of it (nobody reads an older one).
        var client = _app.ClientFor(_app.Sandbox.ApiKey);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await client.Print(_app.Sandbox.DeviceId)).StatusCode);
        var (log, done) = connections.Checkpoint();
        Assert.True(log >= 0, $"the database is not in WAL mode ({log})");
        Assert.Equal(log, done);

        // And the host runs it on its own, every SqliteCheckpoints.Interval.
        var runs = checkpoints.Runs;
        for (var wait = 0; wait < 100 && checkpoints.Runs == runs; wait++) await Task.Delay(50);
        Assert.True(checkpoints.Runs > runs, "no checkpoint ran in five seconds");
    }

    [Fact]
    public async Task AStatementRunAgain_OnTheSameContext_IsNotPreparedAgain()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        Assert.True(scope.ServiceProvider.GetRequiredService<SqliteHeldConnections>().Holds(db));
        var connection = db.Database.GetDbConnection();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);

        var id = _app.Sandbox.DeviceId;
        await db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.PieceCount).SingleAsync(); // prepared at most once
        var before = SqliteStatementCache.Counts(connection)!.Value;
        var pieces = await db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.PieceCount).SingleAsync();
        var after = SqliteStatementCache.Counts(connection)!.Value;

        Assert.True(pieces >= 0);
        Assert.Equal(before.Prepared, after.Prepared);
        Assert.Equal(before.Reused + 1, after.Reused);
    }

    [Fact]
    public async Task TheConnection_OutlivesTheLease_WithItsPragmasAndPreparedStatements_AndNothingOfTheRequest()
    {
        var id = _app.Sandbox.DeviceId;
        // Two leases, one after the other, until the second gets the context (and connection) of the first: the pool
        // hands its contexts out in turn.
        System.Data.Common.DbConnection? first = null;
        for (var lease = 0; lease < 200; lease++)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
            var connection = db.Database.GetDbConnection();
            if (first is null)
            {
                first = connection;
                // A lease that leaves its transaction open and a row written in it: the reset rolls both back.
                await db.Database.BeginTransactionAsync();
                await db.Database.ExecuteSqlRawAsync("UPDATE devices SET \"LastSeenAt\" = \"LastSeenAt\" WHERE \"Id\" = {0}", id);
                await db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.Status).SingleAsync();
                continue;
            }
            if (!ReferenceEquals(connection, first)) continue;

            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
            var sqlite = (SqliteConnection)connection;
            Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(sqlite.Handle)); // no transaction left by the first lease
            Assert.Equal(2L, await Scalar(sqlite, "PRAGMA synchronous")); // FULL
            Assert.Equal(1L, await Scalar(sqlite, "PRAGMA foreign_keys"));
            Assert.Equal(2L, await Scalar(sqlite, "PRAGMA temp_store")); // MEMORY: a commit group's savepoint journals never spill to a file
            Assert.Equal(30000L, await Scalar(sqlite, "PRAGMA busy_timeout")); // SQLite waits for another writer's lock, not Microsoft.Data.Sqlite's 150 ms sleep
            var before = SqliteStatementCache.Counts(connection)!.Value;
            await db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.Status).SingleAsync();
            var after = SqliteStatementCache.Counts(connection)!.Value;
            Assert.Equal(before.Prepared, after.Prepared); // prepared in the first lease, reused in this one
            // And a write on it commits as before.
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE devices SET \"LastSeenAt\" = \"LastSeenAt\" WHERE \"Id\" = {0}", id);
            await tx.CommitAsync();
            return;
        }
        Assert.Fail("no lease got the first lease's context back");
    }

    [Fact]
    public async Task PrintsOnHeldConnections_IssueAndReplay_AsBefore()
    {
        var who = await _app.NewLicensee();
        var client = _app.ClientFor(who.ApiKey);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);
        var answer = await client.Print(who.DeviceId, key: "held-1");
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var replay = await client.Print(who.DeviceId, key: "held-1");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await answer.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal("4", (await client.Device(who.DeviceId))["piece_count"]!.ToString());
    }

    [Fact]
    public async Task AWriteTransaction_RunsOnTheOneWriterConnection_AndTheContextGetsItsOwnBack_AlsoAfterARefusal()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var pipeline = scope.ServiceProvider.GetRequiredService<Ibis.Server.UseCases.CommandPipeline>();
        var writer = scope.ServiceProvider.GetRequiredService<SqliteHeldConnections>().Writer;
        var own = db.Database.GetDbConnection();
        Assert.NotSame(writer, own);
        var mark = Guid.NewGuid().ToString("N");
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS held_connection_marks (mark TEXT NOT NULL, outcome TEXT NOT NULL)");

        System.Data.Common.DbConnection? inside = null;
        await pipeline.InTransaction(async (_, ct) =>
        {
            inside = db.Database.GetDbConnection();
            return await db.Database.ExecuteSqlRawAsync("INSERT INTO held_connection_marks VALUES ({0}, 'committed')", [mark], ct);
        }, default);
        Assert.Same(writer, inside);
        Assert.Same(own, db.Database.GetDbConnection());

        // A refusal rolls its writes back and gives the connection back too; the gate is free for the next writer.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.InTransaction<int>(async (_, ct) =>
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO held_connection_marks VALUES ({0}, 'refused')", [mark], ct);
            throw new InvalidOperationException("refused");
        }, default));
        Assert.Equal("refused", refused.Message);
        Assert.Same(own, db.Database.GetDbConnection());
        await pipeline.InTransaction((_, ct) => db.Database.ExecuteSqlRawAsync("INSERT INTO held_connection_marks VALUES ({0}, 'after')", [mark], ct), default);

        // Read on the context's own connection: what committed on the writer is there, the refused write is not.
        var outcomes = await db.Database.SqlQueryRaw<string>("SELECT outcome AS \"Value\" FROM held_connection_marks WHERE mark = {0} ORDER BY rowid", mark).ToListAsync();
        Assert.Equal(["committed", "after"], outcomes);
    }

    [Fact]
    public async Task AfterABurstBeyondTheHeldConnections_EveryContextThePoolKeeps_HoldsOne()
    {
        var holder = _app.Services.GetRequiredService<SqliteHeldConnections>();
        // A burst: twice as many contexts leased at once as may hold a connection; the last ones hold none.
        var scopes = Enumerable.Range(0, 2 * SqliteHeldConnections.MaxHeld).Select(_ => _app.Services.CreateAsyncScope()).ToList();
        var unheld = scopes.Count(s => !holder.Holds(s.ServiceProvider.GetRequiredService<IbisDb>()));
        Assert.True(unheld > 0, "every context of the burst held a connection");
        // Given back last first, so that the pool is offered the contexts that hold none before the others.
        for (var i = scopes.Count - 1; i >= 0; i--) await scopes[i].DisposeAsync();
        scopes.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Leased one at a time, round the whole pool twice: every context it kept holds a connection (and so writes in a
        // commit group), not only those that held one before the burst.
        for (var lease = 0; lease < 2 * SqliteHeldConnections.PoolSize; lease++)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            Assert.True(holder.Holds(scope.ServiceProvider.GetRequiredService<IbisDb>()), $"lease {lease} after the burst got a context that holds no connection");
        }
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
