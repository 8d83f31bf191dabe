using Ibis.Server.Hosting;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Ibis.Server.Tests.Compliance;

/// <summary>
/// Ibis:Clock:Offset replays time on a sandbox installation; a live installation refuses to start with
/// it, in one line on standard error and a non-zero exit (issue 15).
/// </summary>
public sealed class ClockOffsetTests
{
    public static TheoryData<string?, string?, string?> Configurations => new()
    {
        // Ibis:Sandbox, Ibis:Clock:Offset → the problem (null: starts)
        { null, null, null },
        { null, "100.00:00:00", null },
        { "true", "-3.00:00:00", null },
        { "false", null, null },
        { "false", "00:00:00", null },
        { "false", "100.00:00:00", "a live clock is never shifted" },
        { "true", "next tuesday", "write a TimeSpan such as 100.00:00:00" },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Problem_OnlyASandboxShiftsItsClock(string? sandbox, string? offset, string? problem)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Ibis:Sandbox"] = sandbox, ["Ibis:Clock:Offset"] = offset }).Build();
        var found = ClockOffset.Problem(config, IbisOptions.FromConfiguration(config));
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found, StringComparison.Ordinal);
        if (found is not null) Assert.DoesNotContain('\n', found);
    }

    [Fact]
    public void TheSandboxClock_ReadsTheSystemClockPlusTheOffset()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Ibis:Clock:Offset"] = "100.00:00:00" }).Build();
        var clock = ClockOffset.Create(config, IbisOptions.FromConfiguration(config));
        var before = DateTimeOffset.UtcNow;
        var read = clock.GetUtcNow();
        var after = DateTimeOffset.UtcNow;
        Assert.InRange(read, before.AddDays(100), after.AddDays(100));
        Assert.Same(TimeProvider.System, ClockOffset.Create(new ConfigurationBuilder().Build(), IbisOptions.FromConfiguration(new ConfigurationBuilder().Build())));
    }

    [Fact]
    public async Task ALiveInstallation_WithAClockOffset_RefusesToStart_WithOneLineOnStandardError()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "ibis-live-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        try
        {
            using var server = ServerProcess.Launch(new Dictionary<string, string?>
            {
                ["IBIS_DATA_DIR"] = dataDir, ["Ibis__Sandbox"] = "false", ["Ibis__Payments__Gateway"] = "manual", ["Ibis__Clock__Offset"] = "100.00:00:00",
            }, dataDir);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => server.WaitUntilListening(TimeSpan.FromSeconds(60)));
            Assert.Contains("exit code 78", e.Message, StringComparison.Ordinal);
            var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(lines, l => l.StartsWith("Ibis cannot start: ", StringComparison.Ordinal));
            Assert.Contains("Ibis:Clock:Offset", line, StringComparison.Ordinal);
            Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal));
            Assert.False(File.Exists(Path.Combine(dataDir, "ibis.db")), "nothing was created");
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
            try { if (Directory.Exists(dataDir + "-keys")) Directory.Delete(dataDir + "-keys", recursive: true); } catch (IOException) { }
        }
    }
}
