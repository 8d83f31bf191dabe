namespace Ibis.Cli;

/// <summary>
/// What a command needs from the outside world, so tests can run the whole CLI in-process with
/// captured output, a fixed clock and a stub HTTP handler.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, TimeProvider clock, Func<HttpMessageHandler>? httpHandler)
{
    public TextWriter Out { get; } = output;

    public TextWriter Err { get; } = error;

    public TimeProvider Clock { get; } = clock;

    public HttpClient CreateHttpClient()
    {
        // A verifier at a mail-processing line should not hang on a dead server.
        var timeout = TimeSpan.FromSeconds(30);
        return httpHandler is null
            ? new HttpClient { Timeout = timeout }
            : new HttpClient(httpHandler(), disposeHandler: true) { Timeout = timeout };
    }
}
