using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ibis.Cli.Output;

/// <summary>A table column: a header and the text of a cell, read from an API object.</summary>
internal sealed record Column(string Header, Func<JsonElement, string> Value, bool RightAligned = false)
{
    /// <summary>A column read from a dotted path ("postage", "post_office.zip"); money shows as its amount.</summary>
    public static Column Of(string header, string path, bool right = false) => new(header, e => Render.Text(Render.At(e, path)), right);
}

/// <summary>
/// Writes API answers: with <c>--output json</c> the API's own JSON, indented (scripts rely on the
/// API's field names, so nothing is renamed or dropped); with tables, Spectre tables of chosen columns.
/// </summary>
internal static class Render
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Json(JsonElement e) => JsonSerializer.Serialize(e, Indented);

    /// <summary>One object: JSON, or a two-column table of the given fields (all top-level fields when none are given).</summary>
    public static async Task<int> Object(CliContext context, JsonElement e, IReadOnlyList<Column>? fields = null)
    {
        if (context.Output == OutputMode.Json)
        {
            await context.Out.WriteLineAsync(Json(e));
            return ExitCodes.Ok;
        }
        var rows = fields ?? (e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().Select(p => Column.Of(p.Name, p.Name)).ToList() : []);
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("field").AddColumn("value");
        foreach (var c in rows)
        {
            var text = c.Value(e);
            if (text.Length > 0) table.AddRow(new Text(c.Header), new Text(text));
        }
        context.Console().Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>A list object ({"object":"list","data":[…],"has_more":…}): JSON, or a table with one row per item.</summary>
    public static async Task<int> List(CliContext context, JsonElement list, IReadOnlyList<Column> columns, string noun, string cursorField = "id")
    {
        if (context.Output == OutputMode.Json)
        {
            await context.Out.WriteLineAsync(Json(list));
            return ExitCodes.Ok;
        }
        var items = Items(list);
        if (items.Count == 0)
        {
            await context.Out.WriteLineAsync($"no {noun}");
            return ExitCodes.Ok;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns)
        {
            var column = new TableColumn(c.Header);
            if (c.RightAligned) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var item in items) table.AddRow(columns.Select(c => (IRenderable)new Text(c.Value(item))));
        context.Console().Write(table);
        if (list.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True)
            await context.Out.WriteLineAsync($"more {noun}: --starting-after {Text(At(items[^1], cursorField))}, or --all");
        return ExitCodes.Ok;
    }

    public static IReadOnlyList<JsonElement> Items(JsonElement list) =>
        list.ValueKind == JsonValueKind.Object && list.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray().ToList()
            : list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];

    /// <summary>The element at a dotted path, or an undefined element.</summary>
    public static JsonElement At(JsonElement e, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out var next)) return default;
            e = next;
        }
        return e;
    }

    /// <summary>A cell's text: strings as they are, money as "12.345", null and absent as empty.</summary>
    public static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Object when e.TryGetProperty("amount", out var amount) && e.TryGetProperty("currency", out _) => amount.GetString() ?? "",
        JsonValueKind.Object or JsonValueKind.Array => e.GetRawText(),
        _ => "",
    };

    /// <summary>A timestamp shortened to the minute (UTC) for a table; JSON keeps the API's precision.</summary>
    public static Column When(string header, string path) => new(header, e =>
    {
        var text = Text(At(e, path));
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : text;
    });
}
