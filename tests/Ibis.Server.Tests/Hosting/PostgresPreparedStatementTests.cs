using Ibis.Data;
using Ibis.Server.Hosting;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 17 on PostgreSQL: Npgsql prepares a statement the application runs again and again (Max Auto Prepare), so the
/// server stops parsing and planning the device lock read and the register update of every print — unless the
/// operator's connection string says otherwise.
/// </summary>
public sealed class PostgresPreparedStatementTests(PostgresAppFixture fixture) : IClassFixture<PostgresAppFixture>
{
    [SkippableFact]
    public async Task AStatementRunRepeatedly_IsPreparedOnItsConnection()
    {
        Requires.Postgres();
        var app = fixture.App;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        Assert.Equal(DatabaseSetup.AutoPreparedStatements, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare);

        var id = app.Sandbox.DeviceId;
        await db.Database.OpenConnectionAsync(); // one physical connection for the whole test
        try
        {
            for (var i = 0; i < 6; i++) await db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.PieceCount).SingleAsync();
            var prepared = await db.Database.SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM devices AS d%' AND statement LIKE '%PieceCount%'").SingleAsync();
            Assert.True(prepared >= 1, "the repeated device read was not prepared on its connection");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [Theory]
    [InlineData("Host=db;Database=ibis;Username=ibis", 100)]
    [InlineData("Host=db;Database=ibis;Username=ibis;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=ibis;Username=ibis;MaxAutoPrepare=20", 20)]
    [InlineData("host=db;database=ibis;username=ibis;max auto prepare=7", 7)]
    public void TheOperatorsSetting_Wins(string given, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithStatementsPrepared(given)).MaxAutoPrepare);
}
