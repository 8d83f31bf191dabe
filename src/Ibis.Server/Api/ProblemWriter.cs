using System.Text.Json;
using Ibis.Domain;
using Microsoft.AspNetCore.Diagnostics;

namespace Ibis.Server.Api;

/// <summary>
/// Every error leaves as RFC 9457 problem+json with a stable <c>code</c>; unexpected exceptions give
/// a 500 with a correlation id and no stack trace.
/// </summary>
public sealed class ProblemWriter(ILogger<ProblemWriter> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var error = exception switch
        {
            ApiException e => e,
            BusinessRuleViolationException r => ApiException.FromRule(r.Rule),
            BadHttpRequestException b => new ApiException(b.StatusCode, "bad_request", b.Message),
            JsonException j => new ApiException(400, "invalid_json", JsonBody.Describe(j)),
            // The key store refused to sign (self-test failed, key destroyed): nothing was printed.
            // Its message (key handles, KEK fingerprint, token label) goes to the log only, never to the caller.
            Ibis.Security.Keys.KeyStoreException k => KeyStoreRefused(k, http),
            _ => DatabaseConflicts.Classify(exception),
        };
        if (error is null)
        {
            logger.LogError(exception, "Unhandled error for {Method} {Path} (trace {TraceId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
            error = new ApiException(500, "internal_error", $"an internal error occurred; quote trace id {http.TraceIdentifier} when reporting it");
        }
        await Write(http, error, ct);
        return true;
    }

    private ApiException KeyStoreRefused(Ibis.Security.Keys.KeyStoreException k, HttpContext http)
    {
        logger.LogError(k, "The key store refused {Method} {Path} (trace {TraceId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
        return new ApiException(503, k.Code, $"the security module refused to sign ({k.Code}); nothing was printed or changed; quote trace id {http.TraceIdentifier} to the operator");
    }

    public static Task Write(HttpContext http, ApiException error, CancellationToken ct)
    {
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = "application/problem+json";
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://ibis.dev/errors/{error.Code}",
            ["title"] = Title(error.Status),
            ["status"] = error.Status,
            ["code"] = error.Code,
            ["detail"] = error.Message,
            ["trace_id"] = http.TraceIdentifier,
        };
        if (error.Field is not null)
            body["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Message] };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions), ct);
    }

    // Readable messages: quotes and apostrophes stay as typed (the body is JSON, never HTML).
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        402 => "Payment required",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        422 => "Unprocessable request",
        _ => "Error",
    };
}
