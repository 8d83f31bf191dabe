using Spectre.Console;

namespace Ibis.Cli;

/// <summary>How the API commands write their answers: the API's own JSON (stable, for scripts) or tables for people.</summary>
internal enum OutputMode
{
    Table,
    Json,
}

/// <summary>
/// What a command needs from the outside world, so tests can run the whole CLI in-process with
/// captured output, a fixed clock, a stub HTTP handler, and their own environment and config file.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, TimeProvider clock, Func<HttpMessageHandler>? httpHandler,
    Func<string, string?>? environment = null)
{
    public TextWriter Out { get; } = output;

    public TextWriter Err { get; } = error;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Environment variables (IBIS_SERVER, IBIS_API_KEY, IBIS_PROFILE, IBIS_CONFIG …); tests pass their own.</summary>
    public Func<string, string?> Env { get; } = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>The profile named by <c>--profile</c> on this command line, if any.</summary>
    public string? ProfileName { get; set; }

    /// <summary>Set from <c>--output</c> on this command line.</summary>
    public OutputMode Output { get; set; } = OutputMode.Table;

    public HttpClient CreateHttpClient()
    {
        // A verifier at a mail-processing line should not hang on a dead server.
        var timeout = TimeSpan.FromSeconds(30);
        return httpHandler is null
            ? new HttpClient { Timeout = timeout }
            : new HttpClient(httpHandler(), disposeHandler: true) { Timeout = timeout };
    }

    /// <summary>A Spectre console over <see cref="Out"/> (tables) or <see cref="Err"/> (progress), plain when not a terminal.</summary>
    public IAnsiConsole Console(bool error = false)
    {
        var writer = error ? Err : Out;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
        // Redirected output has no width: 80 columns would wrap ids and amounts in a log or a pipe.
        if (!console.Profile.Out.IsTerminal) console.Profile.Width = 200;
        return console;
    }
}
