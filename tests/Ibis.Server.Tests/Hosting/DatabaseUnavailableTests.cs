using Ibis.Server.Api;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// During a failover (issue 17) Npgsql fails a request with "No suitable host was found" (no primary reachable
/// yet) or a broken connection: a retryable 503 <c>database_unavailable</c>, never a 500 (bench/RESULTS.md, the
/// failover drill). Other database errors keep their meaning.
/// </summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public void NoPrimaryReachable_Is503DatabaseUnavailable()
    {
        var error = DatabaseConflicts.Classify(new InvalidOperationException("outer", new NpgsqlException("No suitable host was found.")));
        Assert.NotNull(error);
        Assert.Equal(503, error.Status);
        Assert.Equal("database_unavailable", error.Code);
    }

    [Fact]
    public void UniqueViolation_StaysAConflict_AndAProgrammingErrorStaysUnclassified()
    {
        Assert.Equal(409, DatabaseConflicts.Classify(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation))?.Status);
        Assert.Null(DatabaseConflicts.Classify(new PostgresException("relation does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable)));
    }
}
