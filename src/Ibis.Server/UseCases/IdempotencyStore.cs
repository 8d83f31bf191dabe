using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Security.Fields;
using Ibis.Server.Api;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.UseCases;

/// <summary>
/// The idempotency stage of a command that runs under a row lock (a device or an account): the first answer to an
/// Idempotency-Key is kept beside the row it acted on, with a keyed fingerprint of the request, in the same
/// transaction as the effect. Called under that row's lock, so concurrent retries with one key queue and see the
/// first one's kept answer.
/// </summary>
public sealed class IdempotencyStore(FieldProtector fields, ApiJson json)
{
    /// <summary>The kept answer for this key, or null; a reused key with another request is a 409.</summary>
    public async Task<Reply<T>?> Replay<T>(IbisDb db, string scope, IdempotentRequest request, CancellationToken ct) where T : class
    {
        if (request.Key is not { } key) return null;
        var previous = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Scope == scope && k.Key == key, ct);
        return previous is null ? null : ReplayOf<T>(previous, request);
    }

    /// <summary>The kept answer of <paramref name="previous"/>, if it was the same request under the key, read back as its value.</summary>
    public Reply<T> ReplayOf<T>(IdempotencyRow previous, IdempotentRequest request) where T : class
    {
        var raw = RawReplayOf(previous, request);
        return new Reply<T>(json.Deserialize<T>(raw.Body), ReplyResults.KindOf(raw.Status), raw.Location, replayed: true, raw.Body);
    }

    /// <summary>The kept answer as it was sent: for the endpoint filters, which keep HTTP answers, not commands' values.</summary>
    public ApiReply RawReplayOf(IdempotencyRow previous, IdempotentRequest request)
    {
        if (previous.RequestHash != fields.Fingerprint(request.RequestHash))
            throw new ApiException(409, "idempotency_key_reused", "this Idempotency-Key was already used with a different request", "Idempotency-Key");
        return new ApiReply(previous.StatusCode, previous.Body, previous.Location, Replayed: true);
    }

    /// <summary>
    /// Fixes the answer of an operation that ran: its JSON (once, here), kept under the key (if any) in the same
    /// transaction as the effect.
    /// </summary>
    public Reply<T> Keep<T>(IbisDb db, string scope, IdempotentRequest request, Outcome<T> outcome, DateTimeOffset now) where T : class
    {
        var body = json.Serialize(outcome.Value);
        Remember(db, scope, request, ReplyResults.StatusOf(outcome.Kind), body, outcome.Location, now);
        return new Reply<T>(outcome.Value, outcome.Kind, outcome.Location, replayed: false, body);
    }

    /// <summary>The answer of an operation no key keeps (asking again gives the same answer, so a retry needs no record).</summary>
    public Reply<T> Unkept<T>(Outcome<T> outcome) where T : class =>
        new(outcome.Value, outcome.Kind, outcome.Location, replayed: false, json.Serialize(outcome.Value));

    /// <summary>
    /// <see cref="Keep{T}(IbisDb,string,IdempotentRequest,Outcome{T},DateTimeOffset)"/> for a device's transaction
    /// (every print and reset, issue 17): the answer inserted untracked, on SQLite at once (<see cref="BulkInsert.One{T}"/>).
    /// </summary>
    public async Task<Reply<T>> Keep<T>(IbisDb db, string scope, IdempotentRequest request, Outcome<T> outcome, DateTimeOffset now, CancellationToken ct) where T : class
    {
        var body = json.Serialize(outcome.Value);
        if (RowOf(scope, request, ReplyResults.StatusOf(outcome.Kind), body, outcome.Location, now) is { } row) await BulkInsert.One(db, row, ct);
        return new Reply<T>(outcome.Value, outcome.Kind, outcome.Location, replayed: false, body);
    }

    /// <summary>Stores an answer in the same transaction as the effect (status 0: a claim whose work still runs).</summary>
    public void Remember(IbisDb db, string scope, IdempotentRequest request, int status, byte[] body, string? location, DateTimeOffset now)
    {
        if (RowOf(scope, request, status, body, location, now) is { } row) db.IdempotencyKeys.Add(row);
    }

    private IdempotencyRow? RowOf(string scope, IdempotentRequest request, int status, byte[] body, string? location, DateTimeOffset now) =>
        request.Key is not { } key ? null : new IdempotencyRow
        {
            Scope = scope, Key = key, RequestHash = fields.Fingerprint(request.RequestHash), StatusCode = status,
            Body = body, Location = location, CreatedAt = now,
        };

    /// <summary>Replaces the kept answer of a key (a deposit settled after its first, pending answer was kept).</summary>
    public async Task Rekeep<T>(IbisDb db, string scope, IdempotentRequest request, T value, CancellationToken ct) where T : class
    {
        if (request.Key is not { } key) return;
        var stored = await db.IdempotencyKeys.FirstOrDefaultAsync(k => k.Scope == scope && k.Key == key, ct);
        if (stored is not null) stored.Body = json.Serialize(value);
    }
}
