using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ibis.Cli.Output;

namespace Ibis.Cli.Remote;

/// <summary>
/// <c>--limit</c>, <c>--starting-after</c> and <c>--all</c> of a list command. The API pages with
/// cursors ({"object":"list","data":[…],"has_more":true}; the next page starts after the last id);
/// <c>--all</c> follows them and prints one list of everything.
/// </summary>
internal sealed class PagingOptions
{
    public Option<int?> Limit { get; } = new("--limit") { Description = "At most this many items per page (the server's maximum applies)." };

    public Option<string?> StartingAfter { get; } = new("--starting-after") { Description = "Start after this object id (the cursor of the previous page's last item)." };

    public Option<bool> All { get; } = new("--all") { Description = "Follow the cursors and list every page." };

    public static PagingOptions AddTo(Command command)
    {
        var options = new PagingOptions();
        command.Options.Add(options.Limit);
        command.Options.Add(options.StartingAfter);
        command.Options.Add(options.All);
        command.Validators.Add(r =>
        {
            if (r.GetValue(options.Limit) is < 1) r.AddError("--limit must be at least 1");
        });
        return options;
    }

    /// <summary>
    /// Fetches one page, or with --all every page. <paramref name="cursorField"/> names the field a
    /// page's last item gives as the next cursor (an id).
    /// </summary>
    public async Task<JsonElement> Fetch(ApiSession api, ParseResult parse, string path, IEnumerable<KeyValuePair<string, string?>> filters, CancellationToken ct, string cursorField = "id")
    {
        var query = filters.Where(f => !string.IsNullOrEmpty(f.Value)).ToList();
        var limit = parse.GetValue(Limit);
        if (limit is { } l) query.Add(new("limit", l.ToString(CultureInfo.InvariantCulture)));
        var after = parse.GetValue(StartingAfter);
        if (!parse.GetValue(All))
            return (await api.Get(path + Query(query, after), ct)).Json();

        var all = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = (await api.Get(path + Query(query, after), ct)).Json();
            var items = Render.Items(page);
            foreach (var item in items) all.Add(JsonNode.Parse(item.GetRawText()));
            var more = page.TryGetProperty("has_more", out var m) && m.ValueKind == JsonValueKind.True;
            if (!more || items.Count == 0) break;
            after = Render.Text(Render.At(items[^1], cursorField));
            // A server that ignores the cursor would answer the same page for ever.
            if (after.Length == 0 || !seen.Add(after)) throw new CliException($"the server did not move past '{after}' on {path}; it does not page this list", ExitCodes.Unavailable);
        }
        var merged = new JsonObject { ["object"] = "list", ["data"] = all, ["has_more"] = false };
        using var doc = JsonDocument.Parse(merged.ToJsonString());
        return doc.RootElement.Clone();
    }

    private static string Query(IEnumerable<KeyValuePair<string, string?>> query, string? after)
    {
        var parts = query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value!)}").ToList();
        if (!string.IsNullOrEmpty(after)) parts.Add("starting_after=" + Uri.EscapeDataString(after));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
