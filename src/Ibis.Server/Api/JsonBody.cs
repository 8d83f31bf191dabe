using System.Text.Json;

namespace Ibis.Server.Api;

/// <summary>
/// Reads a JSON request body ourselves instead of relying on implicit binding, so malformed JSON,
/// wrong types and unknown content types get a problem+json with the offending field, not an empty 400.
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        Converters = { new Ibis.Domain.EnumTextJsonConverterFactory() },
    };

    public static async Task<T> Read<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ApiException(415, "unsupported_media_type", "send the request body as application/json");
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            return value ?? throw new ApiException(400, "invalid_json", "the request body is empty or null");
        }
        catch (JsonException e)
        {
            throw Problem(e, typeof(T));
        }
    }

    /// <summary>
    /// Where and how the body went wrong, in the API's words: the serializer's own message names .NET
    /// types (the request record, System.Decimal…), which no answer may show. The kind of mistake is
    /// read from that message and retold without the names.
    /// </summary>
    public static ApiException Problem(JsonException e, Type? target = null)
    {
        var field = Field(e);
        var text = e.Message;
        if (text.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var name = Quoted(text) ?? field;
            return new ApiException(400, "invalid_json", $"'{name}' is not a field of this request; check its spelling against /openapi/v1.json", Join(Parent(field), name));
        }
        if (text.Contains("missing required properties", StringComparison.Ordinal))
            return new ApiException(400, "invalid_json", $"a required field is missing{(field is null ? "" : $" in {field}")}", field);
        var converted = System.Text.RegularExpressions.Regex.Match(text, @"could not be converted to (.+?)\. Path");
        if (converted.Success)
        {
            // The serializer names the type it was building (often the request record, not the field's
            // type): the field's own type is looked up along the path instead, when the target is known.
            var type = PropertyType(target, field) is { } t ? (Nullable.GetUnderlyingType(t) ?? t).Name : converted.Groups[1].Value;
            return new ApiException(400, "invalid_json", $"{field ?? "the body"} must be {Expected(type)}", field);
        }
        return new ApiException(400, "invalid_json", Describe(e), field);
    }

    /// <summary>A malformed body: where the parser stopped, never the serializer's message.</summary>
    public static string Describe(JsonException e)
    {
        var where = e.Path is { Length: > 1 } path ? $" at {path}" : e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
        return $"the request body is not valid JSON for this operation{where}: check the field's type and spelling against /openapi/v1.json";
    }

    /// <summary>The .NET type of the member at a JSON path such as <c>pieces[2].weight_oz</c> of <paramref name="root"/>, or null.</summary>
    private static Type? PropertyType(Type? root, string? path)
    {
        if (root is null || path is null) return null;
        try
        {
            var type = root;
            foreach (var step in path.Split('.'))
            {
                var bracket = step.IndexOf('[', StringComparison.Ordinal);
                var name = bracket < 0 ? step : step[..bracket];
                if (name.Length > 0)
                {
                    var property = Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type).Properties.FirstOrDefault(p => p.Name == name);
                    if (property is null) return null;
                    type = property.PropertyType;
                }
                if (bracket < 0) continue;
                var element = ElementType(type);
                if (element is null) return null;
                type = element;
            }
            return type;
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string? Field(JsonException e) => e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : null;

    private static string? Parent(string? field)
    {
        var dot = field?.LastIndexOf('.') ?? -1;
        return dot < 0 ? null : field![..dot];
    }

    private static string Join(string? parent, string? name) => parent is null ? name ?? "body" : $"{parent}.{name}";

    private static string? Quoted(string text)
    {
        var start = text.IndexOf('\'');
        var end = start < 0 ? -1 : text.IndexOf('\'', start + 1);
        return end > start ? text[(start + 1)..end] : null;
    }

    /// <summary>The JSON shape a .NET type stands for, in plain words (whatever form the serializer names the type in).</summary>
    internal static string Expected(string type)
    {
        var t = type.ToLowerInvariant();
        if (t.Contains("moneyinput", StringComparison.Ordinal)) return "an amount such as \"12.340\" or {\"amount\":\"12.340\",\"currency\":\"USD\"}";
        if (t.Contains("list", StringComparison.Ordinal) || t.Contains("[]", StringComparison.Ordinal) || t.Contains("enumerable", StringComparison.Ordinal)) return "an array";
        if (t.Contains("dictionary", StringComparison.Ordinal)) return "an object";
        if (t.Contains("decimal", StringComparison.Ordinal) || t.Contains("double", StringComparison.Ordinal) || t.Contains("single", StringComparison.Ordinal) || t.Contains("float", StringComparison.Ordinal)) return "a number";
        if (t.Contains("int", StringComparison.Ordinal) || t.Contains("long", StringComparison.Ordinal) || t.Contains("short", StringComparison.Ordinal) || t.Contains("byte", StringComparison.Ordinal)) return "a whole number";
        if (t.Contains("bool", StringComparison.Ordinal)) return "true or false";
        if (t.Contains("dateonly", StringComparison.Ordinal)) return "a date such as \"2026-12-01\"";
        if (t.Contains("datetime", StringComparison.Ordinal)) return "an ISO 8601 instant such as \"2026-12-01T12:00:00Z\"";
        if (t.Contains("guid", StringComparison.Ordinal)) return "a UUID";
        if (t.Contains("string", StringComparison.Ordinal)) return "a string";
        return "an object";
    }
}
