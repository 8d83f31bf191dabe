using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ibis.Server.Api;

/// <summary>
/// A request body that moves money or postage, read with its <c>Idempotency-Key</c> and a canonical
/// hash of the body (Stripe's rules: a retry replays the first answer, another body under the same
/// key is refused). Shared by every module's endpoints.
/// </summary>
public static class IdempotentBody
{
    /// <summary>Reads a JSON body together with its Idempotency-Key and, when it has one, a canonical hash of the body.</summary>
    public static async Task<(T Body, IdempotentRequest Idempotent)> Read<T>(HttpContext http, CancellationToken ct) where T : class
    {
        var key = Key(http);
        // Without a key nothing is kept or compared (IdempotencyStore acts on keyed requests only), so the body is
        // read once, straight into the request record: no buffering, no second read, no canonical hash (issue 17).
        if (key is null) return (await JsonBody.Read<T>(http.Request, ct), IdempotentRequest.None);
        http.Request.EnableBuffering();
        var raw = await ReadAll(http.Request, ct);
        var body = await JsonBody.Read<T>(http.Request, ct);
        return (body, new IdempotentRequest(key, Hash(raw)));
    }

    /// <summary>
    /// The request's Idempotency-Key, scoped by operation and caller: the stored key is
    /// "method route|caller|key", so one client's key replayed on another operation of the same device
    /// or account (an audit's key on a withdrawal) is a new request, never the other operation's
    /// answer, and one caller can neither replay nor block another caller's key.
    /// </summary>
    public static string? Key(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue("Idempotency-Key", out var values)) return null;
        var key = values.ToString();
        if (key.Length is 0 or > 255 || key.Any(char.IsControl))
            throw ApiException.Invalid("idempotency_key_invalid", "Idempotency-Key must be 1–255 printable characters", "Idempotency-Key");
        return Scoped(Operation(http), http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous", key);
    }

    /// <summary>The stored form of a client's key: operation and caller first, so that neither is shared.</summary>
    public static string Scoped(string operation, string caller, string key) => $"{operation}|{caller}|{key}";

    private static string Operation(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint route ? $"{http.Request.Method} {route.RoutePattern.RawText}" : $"{http.Request.Method} {http.Request.Path}";

    public static string Hash(byte[] body)
    {
        // Canonicalise so that whitespace differences in a retried body do not count as "another body".
        try
        {
            using var doc = JsonDocument.Parse(body);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(doc.RootElement))));
        }
        catch (JsonException)
        {
            return Convert.ToHexStringLower(SHA256.HashData(body));
        }
    }

    private static async Task<byte[]> ReadAll(HttpRequest request, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms, ct);
        request.Body.Position = 0;
        return ms.ToArray();
    }
}
