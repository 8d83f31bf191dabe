using Ibis.Server.Hosting;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// P050 3.5a, §502.25: a live installation (Ibis:Sandbox=false) does not start on the sandbox
/// payment gateway, which clears payments without moving money; it says why in one line on
/// standard error and exits non-zero.
/// </summary>
public sealed class LiveInstallationChecksTests
{
    public static TheoryData<string?, string?, string?> Configurations => new()
    {
        // Ibis:Sandbox, Ibis:Payments:Gateway → the problem (null: starts)
        { null, null, null },
        { "true", "sandbox", null },
        { "true", "manual", null },
        { "false", "manual", null },
        { "false", "MANUAL", null },
        { "false", null, "cannot use the sandbox payment gateway" },
        { "false", "sandbox", "cannot use the sandbox payment gateway" },
        { "true", "paypal", "Ibis:Payments:Gateway is 'paypal'" },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Problem_NamesWhatALiveInstallationLacks(string? sandbox, string? gateway, string? problem)
    {
        var settings = new Dictionary<string, string?> { ["Ibis:Sandbox"] = sandbox, ["Ibis:Payments:Gateway"] = gateway };
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var found = Ibis.Server.Funds.LiveInstallationChecks.Problem(config, IbisOptions.FromConfiguration(config));
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found, StringComparison.Ordinal);
        if (found is not null) Assert.DoesNotContain('\n', found);
    }

    [Fact]
    public async Task ALiveInstallation_OnTheSandboxGateway_RefusesToStart_WithOneLineOnStandardError()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "ibis-live-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        try
        {
            using var server = ServerProcess.Launch(new Dictionary<string, string?> { ["IBIS_DATA_DIR"] = dataDir, ["Ibis__Sandbox"] = "false" }, dataDir);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => server.WaitUntilListening(TimeSpan.FromSeconds(60)));
            Assert.Contains($"exit code {Ibis.Server.Funds.LiveInstallationChecks.ExitCode}", e.Message, StringComparison.Ordinal);
            var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(lines, l => l.StartsWith("Ibis cannot start: ", StringComparison.Ordinal));
            Assert.Contains("Ibis:Payments:Gateway=manual", line, StringComparison.Ordinal);
            Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal)); // no stack trace
            Assert.False(File.Exists(Path.Combine(dataDir, "ibis.db")), "nothing was created");
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
            try { if (Directory.Exists(dataDir + "-keys")) Directory.Delete(dataDir + "-keys", recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task ALiveInstallation_OnTheManualGateway_Starts()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "ibis-live-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        try
        {
            using var server = await ServerProcess.Start(new Dictionary<string, string?>
            {
                ["IBIS_DATA_DIR"] = dataDir, ["Ibis__Sandbox"] = "false", ["Ibis__Payments__Gateway"] = "manual",
            }, dataDir);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
            Assert.False(File.Exists(Path.Combine(dataDir, "sandbox-credentials.json")), "a live installation has no sandbox");
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
            try { if (Directory.Exists(dataDir + "-keys")) Directory.Delete(dataDir + "-keys", recursive: true); } catch (IOException) { }
        }
    }
}
