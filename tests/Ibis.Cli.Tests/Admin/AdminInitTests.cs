using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Admin;

/// <summary>`ibis admin init` bootstraps a live installation once, on the configured database and key store.</summary>
public sealed class AdminInitTests
{
    [Fact]
    public async Task Init_CreatesTheInstallationOnce_AndShowsTheAdministratorsCodeOnce()
    {
        using var dir = new TempDir();
        var first = await CliRun.Run("admin", "init", "--administrator", "Admin@USPS.example", "--data-dir", dir.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Postal Service certificate authority: ca_", first.Out);
        Assert.Contains("admin@usps.example", first.Out);
        var code = first.Out.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("ibis_inv_", StringComparison.Ordinal));
        Assert.Equal(41, code.Length);
        Assert.True(File.Exists(Path.Combine(dir.Path, "ibis.db")), "the installation lives in the given data directory");
        Assert.False(File.Exists(Path.Combine(dir.Path, "sandbox-credentials.json")));

        var second = await CliRun.Run("admin", "init", "--administrator", "other@usps.example", "--data-dir", dir.Path);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("installation_already_initialized", second.Err);
        Assert.DoesNotContain("ibis_inv_", second.Out);
    }

    [Fact]
    public async Task Init_WithAnExternalCa_HoldsNoCertificateAuthority()
    {
        using var dir = new TempDir();
        var run = await CliRun.Run("admin", "init", "--administrator", "admin@usps.example", "--external-ca", "--data-dir", dir.Path);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Certificate authority: external", run.Out);
        Assert.True(File.Exists(Path.Combine(dir.Path, "ibis.db")), "the installation lives in the given data directory");
    }

    [Fact]
    public async Task Init_RefusesABadAddress_AndChangesNothing()
    {
        using var dir = new TempDir();
        var bad = await CliRun.Run("admin", "init", "--administrator", "not-an-address", "--data-dir", dir.Path);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("email_invalid", bad.Err);
        var good = await CliRun.Run("admin", "init", "--administrator", "admin@usps.example", "--data-dir", dir.Path);
        Assert.True(good.ExitCode == 0, good.ToString());
    }
}
