using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Security.Fields;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Api;

/// <summary>
/// The first response to an Idempotency-Key, kept beside the row it acted on (a device or an
/// account), with a keyed fingerprint of the request. Called under that row's lock, so concurrent
/// retries with one key queue and see the first one's stored response.
/// </summary>
public sealed class IdempotencyStore(FieldProtector fields)
{
    /// <summary>The stored response for this key, or null; a reused key with another request is a 409.</summary>
    public async Task<ApiReply?> Replay(IbisDb db, string scope, IdempotentRequest request, CancellationToken ct)
    {
        if (request.Key is not { } key) return null;
        var previous = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Scope == scope && k.Key == key, ct);
        return previous is null ? null : ReplayOf(previous, request);
    }

    /// <summary>The kept answer of <paramref name="previous"/>, if it was the same request under the key.</summary>
    public ApiReply ReplayOf(IdempotencyRow previous, IdempotentRequest request)
    {
        if (previous.RequestHash != fields.Fingerprint(request.RequestHash))
            throw new ApiException(409, "idempotency_key_reused", "this Idempotency-Key was already used with a different request", "Idempotency-Key");
        return new ApiReply(previous.StatusCode, previous.Body, previous.Location, Replayed: true);
    }

    /// <summary>Stores the response in the same transaction as the effect.</summary>
    public void Remember(IbisDb db, string scope, IdempotentRequest request, int status, byte[] body, string? location, DateTimeOffset now)
    {
        if (request.Key is not { } key) return;
        db.IdempotencyKeys.Add(new IdempotencyRow
        {
            Scope = scope, Key = key, RequestHash = fields.Fingerprint(request.RequestHash), StatusCode = status,
            Body = body, Location = location, CreatedAt = now,
        });
    }
}
