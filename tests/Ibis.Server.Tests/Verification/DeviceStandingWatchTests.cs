using Ibis.Server.Auth;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Ibis.Server.Tests.Verification;

/// <summary>
/// Which statements empty the verifier's cached device standing (<see cref="DeviceStandingWrites"/>): every print
/// rewrites the device's registers, which must not count, while any change of its status, withdrawal,
/// holder or certificate must, in whatever form the statement comes (EF's update, ExecuteUpdate with an
/// alias, raw SQL, a batch of several statements). No database: the statements are handed to the watch.
/// </summary>
public sealed class DeviceStandingWatchTests
{
    private static long Generation(string sql, string table = DeviceStandingWrites.Table)
    {
        var generations = new TableGenerations();
        var watch = new TableWriteWatch(generations);
        using var command = new SqliteCommand(sql);
        watch.NonQueryExecuted(command, null!, 1);
        return generations.Of(table);
    }

    [Theory]
    // A print: the registers, the MAC chain and the concurrency token (EF on SQLite and on PostgreSQL).
    [InlineData("UPDATE \"devices\" SET \"AscendingMills\" = @p0, \"DescendingMills\" = @p1, \"PieceCount\" = @p2, \"RegisterMac\" = @p3, \"PreviousMac\" = @p4, \"Version\" = @p5\nWHERE \"Id\" = @p6 AND \"Version\" = @p7\nRETURNING 1;")]
    [InlineData("UPDATE devices SET \"AscendingMills\" = @p0, \"Version\" = @p1 WHERE \"Id\" = @p2 AND \"Version\" = @p3;\nINSERT INTO indicia (\"Id\", \"DeviceId\", \"Status\") VALUES (@p4, @p5, @p6);")]
    // Reading a device is not writing it.
    [InlineData("SELECT \"Status\", \"WithdrawnAt\" FROM devices WHERE \"Id\" = @p0")]
    public void RegisterUpdates_AndReads_DoNotCount(string sql) => Assert.Equal(0, Generation(sql));

    [Theory]
    [InlineData("UPDATE \"devices\" SET \"Status\" = @p0, \"Version\" = @p1\nWHERE \"Id\" = @p2 AND \"Version\" = @p3\nRETURNING 1;")]
    [InlineData("UPDATE \"devices\" AS \"d\"\nSET \"WithdrawnAt\" = @p\nWHERE \"d\".\"Id\" = @id")]
    [InlineData("UPDATE devices SET status = 'lost' WHERE id = 'dev_1'")]
    [InlineData("UPDATE \"devices\" SET \"AscendingMills\" = @p0 WHERE \"Id\" = @p1;\nUPDATE \"devices\" SET \"LicenseeId\" = NULL WHERE \"Id\" = @p2;")]
    [InlineData("UPDATE devices SET \"CertificateSerial\" = @p0 WHERE \"Id\" = @p1")]
    [InlineData("UPDATE devices SET \"AscendingMills\" = (SELECT 0) WHERE \"Id\" = @p1")]
    [InlineData("INSERT INTO \"devices\" (\"Id\", \"AscendingMills\") VALUES (@p0, @p1)")]
    [InlineData("DELETE FROM devices WHERE \"Id\" = @p0")]
    public void StandingChanges_Count(string sql) => Assert.Equal(1, Generation(sql));

    [Theory]
    [InlineData("UPDATE \"certificates\" AS \"c\"\nSET \"RevokedAt\" = @p\nWHERE \"c\".\"Serial\" = @s", "certificates")]
    [InlineData("INSERT INTO \"device_events\" (\"Id\") VALUES (@p0)", "device_events")]
    [InlineData("INSERT INTO incidents (\"Id\") VALUES (@p0)", "incidents")]
    [InlineData("DELETE FROM \"refunded_pieces\" WHERE \"RefundId\" = @p0", "refunded_pieces")]
    public void WritesOfTheOtherVerifiedTables_Count(string sql, string table) => Assert.Equal(1, Generation(sql, table));

    [Fact]
    public void SimilarTableNames_AreNotConfused()
    {
        Assert.Equal(0, Generation("INSERT INTO \"device_events\" (\"Id\", \"Status\") VALUES (@p0, @p1)"));
        Assert.Equal(0, Generation("UPDATE \"certificate_requests\" SET \"Status\" = @p0", "certificates"));
        Assert.Equal(0, Generation("INSERT INTO \"incident_steps\" (\"Id\") VALUES (@p0)", "incidents"));
    }
}
