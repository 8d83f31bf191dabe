using System.CommandLine;
using Ibis.Cli.Config;
using Ibis.Cli.Verification;

namespace Ibis.Cli.Remote;

/// <summary>The server and key a command talks to, and the profile they came from (if any).</summary>
internal sealed record Target(Uri Server, string? Key, string ProfileName, Profile? Profile);

/// <summary>
/// <c>--server</c> and <c>--api-key</c> of every API command, resolved in one order: the option, then
/// IBIS_SERVER / IBIS_API_KEY, then the active profile (<c>--profile</c>, IBIS_PROFILE, the file's
/// current one), then http://localhost:5080 with no key.
/// </summary>
internal sealed class RemoteOptions
{
    public Option<string?> Server { get; } = new("--server") { Description = "The Ibis server (default: IBIS_SERVER, the profile's, or http://localhost:5080)." };

    public Option<string?> Key { get; } = new("--api-key") { Description = "An API key (default: IBIS_API_KEY or the profile's). Prefer a profile: a key on the command line lands in shell history." };

    public static RemoteOptions AddTo(Command command)
    {
        var options = new RemoteOptions();
        command.Options.Add(options.Server);
        command.Options.Add(options.Key);
        return options;
    }

    public ApiSession Open(CliContext context, ParseResult parse) =>
        new(context, Resolve(context, parse.GetValue(Server), parse.GetValue(Key)));

    public static Target Resolve(CliContext context, string? server, string? key)
    {
        var (name, profile) = new ProfileStore(context).Active();
        var serverText = Blank(server) ?? Blank(context.Env("IBIS_SERVER")) ?? Blank(profile?.Server) ?? VerifyCommand.DefaultServer;
        var url = ServerVerifier.ParseServer(serverText);
        // A profile's key goes only to that profile's server: "--server https://other.example" must not
        // hand the key of the usual server to another host.
        var profileKey = profile?.Server is { } ps && SameServer(ps, url) ? profile.ApiKey : null;
        return new Target(url, Blank(key) ?? Blank(context.Env("IBIS_API_KEY")) ?? Blank(profileKey), name, profile);
    }

    private static bool SameServer(string profileServer, Uri url) =>
        Uri.TryCreate(profileServer, UriKind.Absolute, out var p)
        && p.GetLeftPart(UriPartial.Authority).Equals(url.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
        && p.AbsolutePath.TrimEnd('/') == url.AbsolutePath.TrimEnd('/');

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
