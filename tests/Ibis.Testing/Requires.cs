using System.Diagnostics;
using Xunit;

namespace Ibis.Testing;

/// <summary>
/// Gates for tests that need an outside component (PostgreSQL, Chromium, SoftHSM2, the Debian
/// barcode readers). On a developer's machine a missing component skips the test with a message;
/// with IBIS_REQUIRE_ALL=1 (set by .ci/run after installing everything) it fails instead.
/// </summary>
public static class Requires
{
    public static bool RequireAll =>
        Environment.GetEnvironmentVariable("IBIS_REQUIRE_ALL") is "1" or "true";

    /// <summary>Skips (or fails under IBIS_REQUIRE_ALL=1) unless <paramref name="available"/>.</summary>
    public static void That(bool available, string what, string howToGet)
    {
        if (available) return;
        var message = $"{what} is not available: {howToGet}";
        if (RequireAll) throw new InvalidOperationException($"IBIS_REQUIRE_ALL=1 but {message}");
        throw new SkipException(message);
    }

    /// <summary>Returns the full path of an executable on PATH, skipping/failing when absent.</summary>
    public static string Tool(string name, string debianPackage)
    {
        var path = FindOnPath(name);
        That(path is not null, $"the '{name}' command", $"apt-get install -y {debianPackage}");
        return path!;
    }

    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The PostgreSQL connection string for tests, from IBIS_TEST_POSTGRES or the CI default.</summary>
    public static string Postgres()
    {
        var cs = Environment.GetEnvironmentVariable("IBIS_TEST_POSTGRES")
                 ?? "Host=127.0.0.1;Port=5432;Database=ibis;Username=ibis;Password=ibis;Timeout=3";
        That(CanConnect(cs), "PostgreSQL", "set IBIS_TEST_POSTGRES or run .ci/run (it installs and starts PostgreSQL with role/database 'ibis')");
        return cs;
    }

    private static bool? _pgReachable;

    private static bool CanConnect(string connectionString)
    {
        if (_pgReachable is { } known) return known;
        // A TCP probe: the test project that uses PostgreSQL opens the real connection itself.
        var host = "127.0.0.1"; var port = 5432;
        foreach (var part in connectionString.Split(';'))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            if (kv[0].Trim().Equals("Host", StringComparison.OrdinalIgnoreCase)) host = kv[1].Trim();
            if (kv[0].Trim().Equals("Port", StringComparison.OrdinalIgnoreCase)) port = int.Parse(kv[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            var ok = client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(2));
            _pgReachable = ok && client.Connected;
        }
        catch (Exception)
        {
            _pgReachable = false;
        }
        return _pgReachable.Value;
    }

    /// <summary>Runs a process to completion, returning exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in 2 minutes");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
    /// <summary>
    /// Runs a tool that prints binary (a decoder's payload bytes) and returns its raw standard
    /// output; a non-zero exit fails the test with the tool's standard error.
    /// </summary>
    public static byte[] RunForBytes(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in 2 minutes");
        }
        Xunit.Assert.True(process.ExitCode == 0, $"{Path.GetFileName(file)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.ToArray();
    }
}
