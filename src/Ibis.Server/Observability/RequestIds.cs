using System.Diagnostics;
using System.Buffers;

namespace Ibis.Server.Observability;

/// <summary>
/// Every answer carries a <c>Request-Id</c> header — successes, problems, 404s, pages and static
/// files — and the problem+json body's <c>trace_id</c> is the same value (both read
/// <see cref="HttpContext.TraceIdentifier"/>). A caller may send its own <c>Request-Id</c> to
/// correlate its logs with ours; it is accepted only when it is a short token of safe characters
/// (it ends up in logs and headers, so no spaces, quotes or control characters). Otherwise the
/// id is the request's W3C trace id, which links the answer to its OpenTelemetry trace.
/// </summary>
public static class RequestIds
{
    public const string Header = "Request-Id";

    /// <summary>The longest caller-supplied id accepted.</summary>
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Safe = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:");

    /// <summary>True when <paramref name="value"/> may be used as a request id.</summary>
    public static bool IsSafe(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !value.AsSpan().ContainsAnyExcept(Safe);

    /// <summary>First in the pipeline, so that even the answers of the error handlers carry the id.</summary>
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use(static (http, next) =>
    {
        var supplied = http.Request.Headers[Header];
        var id = supplied.Count == 1 && IsSafe(supplied[0]) ? supplied[0]! : Generated();
        http.TraceIdentifier = id;
        Activity.Current?.SetTag("ibis.request_id", id);
        http.Response.OnStarting(static state =>
        {
            var h = (HttpContext)state;
            h.Response.Headers[Header] = h.TraceIdentifier;
            return Task.CompletedTask;
        }, http);
        return next(http);
    });

    private static string Generated() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity
            ? activity.TraceId.ToHexString()
            : Guid.NewGuid().ToString("N");
}
