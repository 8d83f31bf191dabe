namespace Ibis.Cli.Tests.Support;

internal sealed record CliOutcome(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs the CLI in-process with captured output, a fixed clock and an optional HTTP stub.</summary>
internal static class CliRun
{
    public static async Task<CliOutcome> Run(Func<HttpMessageHandler>? http, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, new FixedClock(TestIndicium.Now), http);
        var code = await Cli.RunAsync(args, context);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    public static Task<CliOutcome> Run(params string[] args) => Run(null, args);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
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
