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
            var field = e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : null;
            throw new ApiException(400, "invalid_json", Describe(e), field);
        }
    }

    /// <summary>
    /// Where the body went wrong, in the API's words: the serializer's own message names .NET types
    /// (the request record, System.Decimal…), which no answer may show.
    /// </summary>
    public static string Describe(JsonException e)
    {
        var where = e.Path is { Length: > 1 } path ? $" at {path}" : e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
        return $"the request body is not valid JSON for this operation{where}: check the field's type and spelling against /openapi/v1.json";
    }
}
