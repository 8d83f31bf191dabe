namespace Ibis.Cli.Tests.Support;

internal sealed record CliOutcome(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>
/// Runs the CLI in-process with captured output, a fixed clock and an optional HTTP stub. The
/// environment is the test's own: no IBIS_* variable of the machine and no config file of the user
/// reaches a test (IBIS_CONFIG points at a file that does not exist unless the test gives one).
/// </summary>
internal static class CliRun
{
    public static async Task<CliOutcome> Run(Func<HttpMessageHandler>? http, params string[] args) =>
        await Run(http, null, null, args);

    public static Task<CliOutcome> Run(params string[] args) => Run(null, args);

    public static async Task<CliOutcome> Run(Func<HttpMessageHandler>? http, IReadOnlyDictionary<string, string>? env, TimeProvider? clock, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string> { ["IBIS_CONFIG"] = Path.Combine(Path.GetTempPath(), "ibis-cli-tests-no-such-dir", "config.json") };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) environment[k] = v;
        var context = new CliContext(output, error, clock ?? new FixedClock(TestIndicium.Now), http, name => environment.GetValueOrDefault(name));
        var code = await Cli.RunAsync(args, context);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}

/// <summary>A directory of test files, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ibis-cli-").FullName;

    public string Write(string name, byte[] content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, content);
        return file;
    }

    public string Write(string name, string content) => Write(name, System.Text.Encoding.ASCII.GetBytes(content));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
