using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ibis.Server.Api;

/// <summary>
/// A response whose bytes are fixed when the effect commits, so an idempotent retry gets exactly
/// the same status and body (Stripe's rule), marked with <c>Idempotency-Replay: true</c>.
/// </summary>
public sealed record ApiReply(int Status, byte[] Body, string? Location, bool Replayed)
{
    public IResult ToResult(HttpContext http)
    {
        if (Replayed) http.Response.Headers["Idempotency-Replay"] = "true";
        if (Location is not null) http.Response.Headers.Location = Location;
        return new BytesResult(this);
    }

    private sealed class BytesResult(ApiReply reply) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = reply.Status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.ContentLength = reply.Body.Length;
            return httpContext.Response.Body.WriteAsync(reply.Body).AsTask();
        }
    }
}

/// <summary>The Idempotency-Key of a request (if any) and a hash of its body.</summary>
public sealed record IdempotentRequest(string? Key, string RequestHash)
{
    public static readonly IdempotentRequest None = new(null, "");
}

/// <summary>Serialises response bodies with the API's JSON options (snake_case).</summary>
public sealed class ApiJson(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> options)
{
    public byte[] Serialize(object body) => JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), options.Value.SerializerOptions);

    public T Deserialize<T>(byte[] body) => JsonSerializer.Deserialize<T>(body, options.Value.SerializerOptions)!;
}
