using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Data.Entities;
using Ibis.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.UseCases;

/// <summary>
/// (In UseCases, beside the pipeline, because it takes the SQLite write gate of Hosting, which the base Api may not use.)
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
            var services = http.RequestServices;
            var db = services.GetRequiredService<IbisDb>();
            var store = services.GetRequiredService<IdempotencyStore>();
            var gate = services.GetRequiredService<SqliteWriteGate>();
            var clock = services.GetRequiredService<TimeProvider>();

            if (await Claim(db, store, gate, request, clock.GetUtcNow(), http.RequestAborted) is { } replay) return replay.ToResult(http);
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
                    await Record(db, gate, request, status, bytes, http.Response.Headers.Location.FirstOrDefault(), CancellationToken.None);
                    kept = true;
                }
                http.Response.ContentLength = bytes.Length;
                await original.WriteAsync(bytes, http.RequestAborted);
                return Results.Empty;
            }
            finally
            {
                if (!kept) await Release(db, gate, request, CancellationToken.None);
            }
        });

    /// <summary>The first answer under this key (to replay), or null once the key is claimed for this request.</summary>
    private static async Task<ApiReply?> Claim(IbisDb db, IdempotencyStore store, SqliteWriteGate gate, IdempotentRequest request, DateTimeOffset now, CancellationToken ct)
    {
        using var turn = await gate.Enter(db, ct);
        // One read: a key still running (status 0) answers "in progress" before any fingerprint comparison;
        // a finished one replays its answer or, for a different request, is refused as reused.
        var existing = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Scope == Scope && k.Key == request.Key, ct);
        if (existing is { StatusCode: 0 }) throw InProgress();
        if (existing is not null) return store.ReplayOf(existing, request);
        store.Remember(db, Scope, request, 0, [], null, now); // status 0: claimed, running
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw InProgress(); // another request claimed the key a moment ago
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return null;
    }

    private static async Task Record(IbisDb db, SqliteWriteGate gate, IdempotentRequest request, int status, byte[] body, string? location, CancellationToken ct)
    {
        using var turn = await gate.Enter(db, ct);
        await db.IdempotencyKeys.Where(k => k.Scope == Scope && k.Key == request.Key)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.StatusCode, status).SetProperty(k => k.Body, body).SetProperty(k => k.Location, location), ct);
    }

    private static async Task Release(IbisDb db, SqliteWriteGate gate, IdempotentRequest request, CancellationToken ct)
    {
        using var turn = await gate.Enter(db, ct);
        await db.IdempotencyKeys.Where(k => k.Scope == Scope && k.Key == request.Key && k.StatusCode == 0).ExecuteDeleteAsync(ct);
    }

    private static ApiException InProgress() =>
        new(409, "idempotency_key_in_progress", "a request with this Idempotency-Key is still running; retry in a moment", "Idempotency-Key");
}
