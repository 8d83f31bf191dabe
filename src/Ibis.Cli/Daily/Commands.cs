using System.CommandLine;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;

namespace Ibis.Cli.Daily;

/// <summary>Builders for the list and show commands: one GET, paged with --limit/--starting-after/--all, printed as a table or JSON.</summary>
internal static class Commands
{
    /// <summary>A list command over <paramref name="path"/>; <paramref name="filters"/> add query options, <paramref name="scope"/> resolves a path part (a device, an account).</summary>
    public static Command List(CliContext context, string name, string description, string noun, IReadOnlyList<Column> columns,
        Func<ApiSession, ParseResult, CancellationToken, Task<string>> path, IReadOnlyList<(Option<string?> Option, string Query)>? filters = null,
        Option[]? extra = null, string cursorField = "id")
    {
        var command = new Command(name, description);
        foreach (var o in extra ?? []) command.Options.Add(o);
        foreach (var (o, _) in filters ?? []) command.Options.Add(o);
        var paging = PagingOptions.AddTo(command);
        var remote = RemoteOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var api = remote.Open(context, parse);
            var query = (filters ?? []).Select(f => new KeyValuePair<string, string?>(f.Query, parse.GetValue(f.Option)));
            var list = await paging.Fetch(api, parse, await path(api, parse, ct), query, ct, cursorField);
            return await Render.List(context, list, columns, noun, cursorField);
        });
        return command;
    }

    /// <summary>A show command: GET <paramref name="pathOf"/>(id).</summary>
    public static Command Show(CliContext context, string name, string description, string argument, Func<string, string> pathOf, IReadOnlyList<Column>? fields = null)
    {
        var id = new Argument<string>(argument) { Description = $"The {argument} id." };
        var command = new Command(name, description) { id };
        var remote = RemoteOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var api = remote.Open(context, parse);
            return await Render.Object(context, (await api.Get(pathOf(ApiSession.Segment(parse.GetValue(id)!)), ct)).Json(), fields);
        });
        return command;
    }

    /// <summary>A command that POSTs a body built from its options and shows the answer.</summary>
    public static Command Post(CliContext context, Command command, Func<ApiSession, ParseResult, CancellationToken, Task<(string Path, object Body, string? IdempotencyKey)>> request,
        IReadOnlyList<Column>? fields = null)
    {
        var remote = RemoteOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var api = remote.Open(context, parse);
            var (path, body, key) = await request(api, parse, ct);
            var answer = await api.Post(path, body, ct, key);
            if (answer.Replayed) await context.Err.WriteLineAsync("ibis: this idempotency key was used before: the first answer is shown, nothing was done again");
            return await Render.Object(context, answer.Json(), fields);
        });
        return command;
    }

    public static Option<string?> Text(string name, string description, bool required = false) => new(name) { Description = description, Required = required };

    public static Option<string?> IdempotencyKey() => Text("--idempotency-key", "Send again with the same key after a failure: the server answers the first result instead of doing it twice.");
}
