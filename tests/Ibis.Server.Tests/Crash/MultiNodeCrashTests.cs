using Ibis.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Server.Tests.Crash;

/// <summary>Several Ibis nodes on one database, one of them killed at a time (a class of its own, so it runs beside the single-node crash tests).</summary>
[Infrastructure.RunsLong(140)]
public sealed class MultiNodeCrashTests(ITestOutputHelper output)
{
    /// <summary>
    /// Issue 17, several nodes: three Ibis nodes on one PostgreSQL database under concurrent prints and
    /// resets; one node at a time is SIGKILLed while the others keep serving, the clients retry what the
    /// kill cut off on another node with the same Idempotency-Key, and the killed node starts again.
    /// Then the same invariants as for one node, the registers read alike on every node, and a portal
    /// session and form from one node are good on the others.
    /// </summary>
    [SkippableFact]
    public async Task Postgres_ThreeNodes_SurviveSigkillOfOneNodeAtATime()
    {
        var admin = Requires.Postgres();
        using var target = CrashTarget.Postgres(admin);
        var report = await CrashRecoveryTests.RunAndAssert(target, new CrashOptions { Nodes = 3, Kills = 4, StartupKillEvery = 0 }, output);
        Assert.True(report.FailedOver > 0, "no request cut off by a kill was retried on another node");
    }
}
