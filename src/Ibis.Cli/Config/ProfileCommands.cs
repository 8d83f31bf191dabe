using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;
using Ibis.Cli.Verification;

namespace Ibis.Cli.Config;

/// <summary>
/// <c>ibis login</c> saves a server and an API key as a profile (checked against the server first);
/// <c>ibis profiles list|use|remove</c> manage them. A key is never printed, only its prefix.
/// </summary>
internal static class ProfileCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Login(context);
        var profiles = new Command("profiles", "Profiles of the config file (~/.config/ibis/config.json, mode 0600): a server and an API key each.");
        profiles.Subcommands.Add(List(context));
        profiles.Subcommands.Add(Use(context));
        profiles.Subcommands.Add(Remove(context));
        yield return profiles;
    }

    private static Command Login(CliContext context)
    {
        var server = new Option<string?>("--server") { Description = "The Ibis server (default: IBIS_SERVER, the profile's, or http://localhost:5080)." };
        var key = new Option<string?>("--api-key") { Description = "The API key to save (or IBIS_API_KEY). Safer: --api-key-stdin." };
        var keyStdin = new Option<bool>("--api-key-stdin") { Description = "Read the API key from standard input (e.g. from a password manager)." };
        var device = new Option<string?>("--device") { Description = "The device (psd_…) print and resets use by default." };
        var noCheck = new Option<bool>("--no-check") { Description = "Save without asking the server whether it knows the key." };
        var login = new Command("login", "Save a server and API key as a profile (--profile NAME, default 'default') and make it the current one.")
        {
            server, key, keyStdin, device, noCheck,
        };
        login.SetAction(async (parse, ct) =>
        {
            var store = new ProfileStore(context);
            var config = store.Load();
            var name = context.ProfileName ?? context.Env("IBIS_PROFILE") ?? config.Current ?? ProfileStore.DefaultProfile;
            var existing = config.Profiles.GetValueOrDefault(name);
            var serverText = Blank(parse.GetValue(server)) ?? Blank(context.Env("IBIS_SERVER")) ?? existing?.Server ?? VerifyCommand.DefaultServer;
            var url = ServerVerifier.ParseServer(serverText);
            var apiKey = Blank(parse.GetValue(key))
                         ?? (parse.GetValue(keyStdin) ? Blank(await Console.In.ReadLineAsync(ct)) : null)
                         ?? Blank(context.Env("IBIS_API_KEY"))
                         ?? throw new CliException("give the API key: --api-key-stdin, --api-key or IBIS_API_KEY");
            if (!parse.GetValue(noCheck)) await Check(context, new Target(url, apiKey, name, null), ct);

            var profile = new Profile { Server = url.ToString().TrimEnd('/'), ApiKey = apiKey, Device = Blank(parse.GetValue(device)) ?? existing?.Device };
            config.Profiles[name] = profile;
            store.Save(config with { Current = name });
            await context.Out.WriteLineAsync($"saved profile '{name}': {profile.Server}, key {ProfileStore.Mask(apiKey)}{(profile.Device is null ? "" : $", device {profile.Device}")} — now the current profile ({store.Path})");
            return ExitCodes.Ok;
        });
        return login;
    }

    /// <summary>A key the server does not know is not saved: the mistake shows now, not at the first print.</summary>
    private static async Task Check(CliContext context, Target target, CancellationToken ct)
    {
        using var api = new ApiSession(context, target);
        try
        {
            await api.Get("/v1/api-keys", ct);
        }
        catch (ApiRefusal refusal) when (refusal.Status == HttpStatusCode.Forbidden)
        {
            // The key is valid; its role just may not list keys.
        }
    }

    private static Command List(CliContext context)
    {
        var list = new Command("list", "The profiles: name, server, key prefix, default device; * marks the current one.");
        list.SetAction(async (parse, ct) =>
        {
            var store = new ProfileStore(context);
            var config = store.Load();
            var current = context.Env("IBIS_PROFILE") ?? config.Current;
            var data = new JsonArray();
            foreach (var (name, p) in config.Profiles)
                data.Add(new JsonObject
                {
                    ["name"] = name, ["current"] = name == current, ["server"] = p.Server,
                    ["api_key_prefix"] = ProfileStore.Mask(p.ApiKey), ["device"] = p.Device,
                });
            var json = System.Text.Json.JsonDocument.Parse(new JsonObject { ["object"] = "list", ["data"] = data, ["has_more"] = false }.ToJsonString()).RootElement;
            return await Render.List(context, json,
                [new Column("", e => Render.At(e, "current").ValueKind == System.Text.Json.JsonValueKind.True ? "*" : ""),
                 Column.Of("Profile", "name"), Column.Of("Server", "server"), Column.Of("Key", "api_key_prefix"), Column.Of("Device", "device")],
                $"profiles in {store.Path}; run 'ibis login'");
        });
        return list;
    }

    private static Command Use(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The profile to use from now on." };
        var use = new Command("use", "Make a profile the current one.") { name };
        use.SetAction(async (parse, ct) =>
        {
            var store = new ProfileStore(context);
            var config = store.Load();
            var wanted = parse.GetValue(name)!;
            if (!config.Profiles.ContainsKey(wanted)) throw new CliException($"no profile '{wanted}'; 'ibis profiles list' shows them", ExitCodes.NotFound);
            store.Save(config with { Current = wanted });
            await context.Out.WriteLineAsync($"current profile: {wanted}");
            return ExitCodes.Ok;
        });
        return use;
    }

    private static Command Remove(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The profile to forget (its key is deleted from the file)." };
        var remove = new Command("remove", "Forget a profile and its key. The key itself stays valid on the server: revoke it there (DELETE /v1/api-keys/{id}).") { name };
        remove.SetAction(async (parse, ct) =>
        {
            var store = new ProfileStore(context);
            var config = store.Load();
            var wanted = parse.GetValue(name)!;
            if (!config.Profiles.Remove(wanted)) throw new CliException($"no profile '{wanted}'", ExitCodes.NotFound);
            store.Save(config.Current == wanted ? config with { Current = null } : config);
            await context.Out.WriteLineAsync($"removed profile '{wanted}'");
            return ExitCodes.Ok;
        });
        return remove;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
