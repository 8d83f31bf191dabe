using Ibis.Data;
using Ibis.Server.Devices;
using Ibis.Server.Psd;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 17: the row locks of the hot path are compiled queries tagged ForUpdate, which RowLockInterceptor ends with
/// FOR UPDATE OF the alias of their source table. The proof is PostgreSQL's own: while a transaction holds what the
/// device lock read took, another session cannot lock the device row (NOWAIT fails with lock_not_available) but can
/// lock the license joined to it — as with the FromSql sub-select the read used to be composed on.
/// </summary>
public sealed class PostgresRowLockTests(PostgresAppFixture fixture) : IClassFixture<PostgresAppFixture>
{
    [SkippableFact]
    public async Task TheDeviceLockRead_LocksTheDeviceRow_AndNotTheLicenseItJoins()
    {
        Requires.Postgres();
        var app = fixture.App;
        var id = app.Sandbox.DeviceId;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var locked = await DeviceStanding.Lock(db, id, idempotencyKey: null, CancellationToken.None);
        Assert.NotNull(locked);

        await using var other = new NpgsqlConnection(db.Database.GetConnectionString());
        await other.OpenAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => TryLock(other, "devices", id));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
        await TryLock(other, "licenses", locked.License!.Id); // not locked by the read
        await tx.RollbackAsync();
        await TryLock(other, "devices", id); // free again once the transaction ends
    }

    [SkippableFact]
    public async Task TheAccountLicenseeAndRegisterLocks_LockTheirRows()
    {
        Requires.Postgres();
        var app = fixture.App;
        var who = await app.NewLicensee();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var accountId = await db.DepositAccounts.AsNoTracking().Where(a => a.LicenseeId == who.LicenseeId).Select(a => a.Id).FirstAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        await RegisterLock.Row(db, who.DeviceId, CancellationToken.None);
        await Ibis.Server.Funds.AccountLock.Row(db, accountId, CancellationToken.None);
        await LicenseeLock.Row(db, who.LicenseeId, CancellationToken.None);

        await using var other = new NpgsqlConnection(db.Database.GetConnectionString());
        await other.OpenAsync();
        foreach (var (table, rowId) in new[] { ("devices", who.DeviceId), ("deposit_accounts", accountId), ("licensees", who.LicenseeId) })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => TryLock(other, table, rowId));
            Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
        }
        await tx.RollbackAsync();
    }

    [Theory]
    [InlineData("-- ibis:for-update\n\nSELECT d.\"Id\", (SELECT i.\"PieceNumber\" FROM indicia AS i WHERE i.\"DeviceId\" = d.\"Id\" LIMIT 1) AS c\nFROM devices AS d\nLEFT JOIN licenses AS l ON d.\"LicenseId\" = l.\"Id\"\nWHERE d.\"Id\" = @id\nLIMIT 2", "d")]
    [InlineData("-- ibis:for-update\n\nSELECT d0.\"Id\"\nFROM \"deposit accounts\" d0\nWHERE d0.\"Id\" = @id", "d0")]
    [InlineData("-- ibis:for-update\nSELECT x.a FROM public.licensees AS \"x\" WHERE x.\"Id\" = '(FROM y AS z'", "\"x\"")]
    public void TheLockNamesTheAliasOfTheOutermostFrom(string sql, string alias) =>
        Assert.Equal(alias, RowLockInterceptor.OutermostAlias(sql));

    [Fact]
    public void ATaggedQueryWithoutATable_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => RowLockInterceptor.OutermostAlias("-- ibis:for-update\nSELECT (SELECT 1 FROM devices AS d) AS x"));

    private static async Task TryLock(NpgsqlConnection connection, string table, string id)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"SELECT 1 FROM {table} WHERE \"Id\" = @id FOR UPDATE NOWAIT", connection, tx);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteScalarAsync();
        await tx.RollbackAsync();
    }
}
