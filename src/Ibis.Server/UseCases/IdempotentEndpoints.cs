using Ibis.Server.Api;

namespace Ibis.Server.UseCases;

/// <summary>
/// (In UseCases, beside the pipeline, because its claims (<see cref="IdempotencyClaims"/>) take the SQLite write gate of Hosting, which the base Api may not use.)
/// <c>Idempotency-Key</c> on a POST that creates something (an application, a customer record, an
/// account, a refund request …) but does not run under a device's or an account's row lock, where
/// <see cref="IdempotencyStore"/> keeps the key beside the effect. Stripe's rules: the first answer of
/// a key is replayed (<c>Idempotency-Replay: true</c>), the key with another body is a 409, a request
/// still running under the key is a 409, and a refused request (4xx, 5xx) keeps nothing so it can be
/// corrected and retried. The key is claimed before the work runs, so two concurrent requests with
/// one key never both create; a crash between the work and the recording leaves the key claimed
/// (refused as in progress until the daily clean-up), never a duplicate.
/// </summary>
public static class IdempotentEndpoints
{
    private const string Scope = "request";

    /// <summary>The endpoint takes an Idempotency-Key (documented in the OpenAPI document).</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotentMetadata()).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = IdempotentBody.Key(http);
            if (key is null) return await next(context);
            http.Request.EnableBuffering();
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            http.Request.Body.Position = 0;
            var request = new IdempotentRequest(key, IdempotentBody.Hash(buffer.ToArray()));
            var claims = http.RequestServices.GetRequiredService<IdempotencyClaims>();
            var claim = await claims.Try(Scope, request, http.RequestAborted);
            if (claim.InProgress) throw InProgress();
            if (claim.Replay is { } replay) return replay.ToResult(http);
            var kept = false;
            try
            {
                // Run the endpoint and its result into a buffer, so that the bytes sent are the bytes kept.
                var original = http.Response.Body;
                using var captured = new MemoryStream();
                http.Response.Body = captured;
                try
                {
                    var result = await next(context);
                    if (result is IResult r) await r.ExecuteAsync(http);
                    else if (result is not null) await Results.Ok(result).ExecuteAsync(http);
                }
                finally
                {
                    http.Response.Body = original;
                }
                var status = http.Response.StatusCode;
                var bytes = captured.ToArray();
                if (status is >= 200 and < 300)
                {
                    await claims.Record(Scope, request, status, bytes, http.Response.Headers.Location.FirstOrDefault(), CancellationToken.None);
                    kept = true;
                }
                http.Response.ContentLength = bytes.Length;
                await original.WriteAsync(bytes, http.RequestAborted);
                return Results.Empty;
            }
            finally
            {
                if (!kept) await claims.Release(Scope, request, CancellationToken.None);
            }
        });

    private static ApiException InProgress() =>
        new(409, "idempotency_key_in_progress", "a request with this Idempotency-Key is still running; retry in a moment", "Idempotency-Key");
}
