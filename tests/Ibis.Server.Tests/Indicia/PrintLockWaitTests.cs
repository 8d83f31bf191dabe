using System.Net;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// PostgreSQL: a print locks its device and reads everything it needs in one statement (issue 17, three round
/// trips). A statement that waited for the lock reads the other tables from the snapshot taken before the wait.
/// The concurrent prints of <see cref="RegisterInvariantTests"/> cover a waited-for print (the row then disagrees
/// with its records, which are read again); this covers the other case: while the print waited, another
/// transaction kept an answer under the same Idempotency-Key and moved no register. The print must answer from
/// what was kept (here a 409, the key having been used for another request), never a 500, and print nothing.
/// </summary>
[Collection("postgres")]
public sealed class PrintLockWaitTests(PostgresAppFixture f) : IClassFixture<PostgresAppFixture>
{
    [SkippableFact]
    public async Task APrintThatWaitedForTheLock_AnswersFromTheKeyKeptMeanwhile_AndPrintsNothing()
    {
        var app = f.App;
        var who = await app.NewLicensee();
        var client = app.ClientFor(who.ApiKey);
        // The stored key is scoped by operation and caller ("method route|caller|key"): learn the scope from a print.
        var probe = "probe-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId, key: probe)).StatusCode);
        var stored = await app.WithDb(db => db.IdempotencyKeys.Where(k => k.Scope == who.DeviceId && k.Key.EndsWith(probe)).Select(k => k.Key).SingleAsync());
        var key = "wait-" + Guid.NewGuid().ToString("N");
        var storedKey = stored[..^probe.Length] + key;
        var before = await app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.PieceCount).SingleAsync());

        await using var other = new NpgsqlConnection(app.ConnectionString);
        await other.OpenAsync();
        await using var tx = await other.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand(
            """
            SELECT 1 FROM devices WHERE "Id" = @device FOR UPDATE;
            INSERT INTO idempotency_keys ("Scope", "Key", "RequestHash", "StatusCode", "Body", "Location", "CreatedAt")
            VALUES (@device, @key, 'another request', 200, '\x7b7d'::bytea, NULL, now());
            """, other, tx))
        {
            hold.Parameters.AddWithValue("device", who.DeviceId);
            hold.Parameters.AddWithValue("key", storedKey);
            await hold.ExecuteNonQueryAsync();
        }

        var print = Task.Run(() => client.Print(who.DeviceId, key: key));
        await WaitUntilSomeoneWaitsForALock(app.ConnectionString!, print);
        await tx.CommitAsync();

        var response = await print;
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("idempotency_key_reused", (string)(await response.Body())["code"]!);
        var after = await app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.PieceCount).SingleAsync());
        Assert.Equal(before, after);
    }

    /// <summary>Polls pg_stat_activity until a backend of this database waits for a lock (the print behind the held row).</summary>
    private static async Task WaitUntilSomeoneWaitsForALock(string connectionString, Task print)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", conn);
        for (var i = 0; i < 1200; i++)
        {
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
            Assert.False(print.IsCompleted, "the print finished without waiting for the held device row");
            await Task.Delay(50);
        }
        Assert.Fail("the print never waited for the held device row");
    }
}
