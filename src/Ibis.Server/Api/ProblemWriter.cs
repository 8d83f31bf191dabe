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
            BadHttpRequestException b => BadRequests.Describe(b),
            JsonException j => JsonBody.Problem(j),
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
        };
        if (error.Field is not null) body["param"] = error.Field;
        if (error.Errors.Count > 0)
            body["errors"] = error.Errors.Select(e => new Dictionary<string, string?> { ["code"] = e.Code, ["message"] = e.Message, ["param"] = e.Param }).ToList();
        body["trace_id"] = http.TraceIdentifier;
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
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Request body too large",
        415 => "Unsupported media type",
        422 => "Unprocessable request",
        429 => "Too many requests",
        500 => "Internal error",
        503 => "Service unavailable",
        _ => "Error",
    };
}
