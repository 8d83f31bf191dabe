using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.UseCases;

/// <summary>
/// An idempotency key claimed before the work runs, for work that does not run under a device's or an
/// account's row lock (where <see cref="IdempotencyStore"/> keeps the key beside the effect instead).
/// Used by the API's <c>Idempotency-Key</c> endpoints (<see cref="IdempotentEndpoints"/>) and by the
/// portal's idempotent forms (<c>Pages/IdempotentFormFilter</c>): claim (status 0, committed at once,
/// so two concurrent requests with one key never both run), then record the answer, or release the
/// key when the work was refused so the corrected request can run. A crash between the work and the
/// recording leaves the key claimed (refused as in progress until the daily clean-up), never a duplicate.
/// </summary>
public sealed class IdempotencyClaims(IbisDb db, IdempotencyStore store, SqliteWriteGate gate, TimeProvider clock)
{
    /// <summary>What a claim found: the key is now this request's, or an earlier request still runs under it, or its kept answer.</summary>
    public sealed record Claim(bool Claimed, bool InProgress, ApiReply? Replay);

    public async Task<Claim> Try(string scope, IdempotentRequest request, CancellationToken ct)
    {
        using var turn = await gate.Enter(db, ct);
        // One read: a key still running (status 0) answers "in progress" before any fingerprint comparison;
        // a finished one replays its answer or, for a different request, is refused as reused.
        var existing = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Scope == scope && k.Key == request.Key, ct);
        if (existing is { StatusCode: 0 }) return new Claim(false, true, null);
        if (existing is not null) return new Claim(false, false, store.RawReplayOf(existing, request));
        store.Remember(db, scope, request, 0, [], null, clock.GetUtcNow()); // status 0: claimed, running
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new Claim(false, true, null); // another request claimed the key a moment ago
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return new Claim(true, false, null);
    }

    /// <summary>Keeps the answer of the claimed key, to replay to a retry.</summary>
    public async Task Record(string scope, IdempotentRequest request, int status, byte[] body, string? location, CancellationToken ct)
    {
        using var turn = await gate.Enter(db, ct);
        await db.IdempotencyKeys.Where(k => k.Scope == scope && k.Key == request.Key)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.StatusCode, status).SetProperty(k => k.Body, body).SetProperty(k => k.Location, location), ct);
    }

    /// <summary>Frees a claimed key whose work did not happen (refused or failed), so the same key can be retried.</summary>
    public async Task Release(string scope, IdempotentRequest request, CancellationToken ct)
    {
        using var turn = await gate.Enter(db, ct);
        await db.IdempotencyKeys.Where(k => k.Scope == scope && k.Key == request.Key && k.StatusCode == 0).ExecuteDeleteAsync(ct);
    }
}
