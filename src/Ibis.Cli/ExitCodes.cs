using System.Net;

namespace Ibis.Cli;

/// <summary>
/// What scripts can rely on (README "Exit codes"). A verifier must tell "this indicium is bad" (reject
/// the piece) apart from "this could not be checked" (rescan, fix the command, or try again later);
/// a script driving the API must tell a refusal it should not retry from a failure it may retry.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did its work; for <c>verify</c>, the indicium is valid.</summary>
    public const int Ok = 0;

    /// <summary>
    /// <c>verify</c>: the indicium was checked and is not valid. API commands: the server refused the
    /// request — bad input or a rule of the program (HTTP 400, 402, 422; a batch with a bad row).
    /// Nothing was changed; retrying the same request gets the same answer.
    /// </summary>
    public const int Invalid = 1;

    /// <summary>Another name for <see cref="Invalid"/> where an API command was refused.</summary>
    public const int Refused = Invalid;

    /// <summary>Usage error or unreadable input: nothing was sent (for <c>verify</c>: nothing was verified, server included).</summary>
    public const int Unusable = 2;

    /// <summary>No API key, or the server refused it (HTTP 401), or the key's role may not do this (HTTP 403).</summary>
    public const int Auth = 3;

    /// <summary>The object named does not exist or is not visible to this key (HTTP 404).</summary>
    public const int NotFound = 4;

    /// <summary>The object is not in a state that allows this (HTTP 409), e.g. an idempotency key reused with another body.</summary>
    public const int Conflict = 5;

    /// <summary>The server could not be reached, timed out, or failed (HTTP 5xx, 429): worth retrying later.</summary>
    public const int Unavailable = 6;

    /// <summary>The exit code for an API answer that was not a success.</summary>
    public static int ForStatus(HttpStatusCode status) => (int)status switch
    {
        401 or 403 => Auth,
        404 => NotFound,
        409 => Conflict,
        429 or >= 500 => Unavailable,
        >= 400 => Refused,
        _ => Unavailable, // a 1xx/3xx the client did not follow: the server is not answering as an Ibis server
    };
}

/// <summary>
/// A failure the user can act on (bad arguments, unreadable file, server down). Caught once in
/// <see cref="Cli.RunAsync"/> and printed as one line, without a stack trace.
/// </summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Unusable) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
