namespace Ibis.Cli;

/// <summary>
/// What scripts can rely on. A verifier must tell "this indicium is bad" (reject the piece) apart
/// from "this could not be checked" (rescan, fix the command, or try again later).
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did its work; for <c>verify</c>, the indicium is valid.</summary>
    public const int Ok = 0;

    /// <summary>The indicium was checked and is not valid.</summary>
    public const int Invalid = 1;

    /// <summary>Usage error, unreadable input or an unreachable server: nothing was verified.</summary>
    public const int Unusable = 2;
}

/// <summary>
/// A failure the user can act on (bad arguments, unreadable file, server down). Caught once in
/// <see cref="Cli.RunAsync"/> and printed as one line, without a stack trace.
/// </summary>
internal sealed class CliException(string message) : Exception(message);
