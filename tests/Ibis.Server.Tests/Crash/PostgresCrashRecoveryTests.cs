using Ibis.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Server.Tests.Crash;

/// <summary>The kill -9 run of <see cref="CrashRecoveryTests"/> on PostgreSQL (its own class: it runs beside the SQLite one).</summary>
[Infrastructure.RunsLong(615)]
public sealed class PostgresCrashRecoveryTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Postgres_SurvivesRepeatedSigkillUnderConcurrentPrintsAndResets()
    {
        var admin = Requires.Postgres();
        using var target = CrashTarget.Postgres(admin);
        await CrashRecoveryTests.RunAndAssert(target, new CrashOptions(), output);
    }
}
