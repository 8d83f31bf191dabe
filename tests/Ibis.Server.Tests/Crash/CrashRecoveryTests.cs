using System.Globalization;
using Ibis.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Server.Tests.Crash;

/// <summary>
/// kill -9 chaos (reliability battery, test 3): the real server as a child process, four clients
/// printing and resetting concurrently, SIGKILL at random moments at least 20 times, a restart on the
/// same data after each, and then every invariant: AR + DR = control total = Σ resets, DR ≥ 0,
/// AR = Σ postage, piece numbers 1..n, money drift $0.000 against the deposit account, the device
/// still in service, and every acknowledged indicium and reset stored exactly once. Requests cut off
/// by a kill are retried with the same Idempotency-Key and must replay or apply exactly once.
/// IBIS_CRASH_KILLS and IBIS_CRASH_SEED change the number of kills and the seed. The PostgreSQL run is a
/// class of its own (<see cref="PostgresCrashRecoveryTests"/>) so that the two runs, each minutes long, go
/// side by side instead of one after the other.
/// </summary>
[Infrastructure.RunsLong(240)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sqlite_SurvivesRepeatedSigkillUnderConcurrentPrintsAndResets()
    {
        using var target = CrashTarget.Sqlite();
        await RunAndAssert(target);
    }

    private Task<CrashReport> RunAndAssert(CrashTarget target) => RunAndAssert(target, new CrashOptions(), output);

    /// <summary>Runs the crash driver (IBIS_CRASH_KILLS and IBIS_CRASH_SEED override) and asserts what every run must show.</summary>
    internal static async Task<CrashReport> RunAndAssert(CrashTarget target, CrashOptions options, ITestOutputHelper output)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("IBIS_CRASH_KILLS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kills) && kills > 0)
            options = options with { Kills = kills };
        if (int.TryParse(Environment.GetEnvironmentVariable("IBIS_CRASH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            options = options with { Seed = seed };

        var report = await new CrashRun(target, options, output.WriteLine).Execute();

        output.WriteLine($"{target.Name}: {report}");
        Assert.True(report.Violations.Count == 0,
            $"{target.Name} (seed {options.Seed}): {report.Violations.Count} violations:\n" + string.Join("\n", report.Violations.Take(40)));
        Assert.Equal(options.Kills, report.Kills);
        Assert.True(report.AckedPrints > 0, "no indicium was acknowledged");
        Assert.True(report.KillsWithRequestsInFlight > 0, "no kill landed while requests were in flight");
        return report;
    }
}
