using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

public sealed record AccountOutcome(int Status, object Body, string? Location = null);

/// <summary>
/// One money operation on one deposit account in the command pipeline's transaction: lock the account row,
/// replay an idempotent retry byte for byte, run the operation (which posts balanced ledger lines),
/// store the response under the idempotency key, commit.
/// </summary>
public sealed class AccountTransaction(IbisDb db, ApiJson json, TimeProvider clock, CommandPipeline pipeline, IdempotencyStore idempotency)
{
    public byte[] Serialize(object body) => json.Serialize(body);

    public Task<ApiReply> Run(string accountId, IdempotentRequest request, Func<DepositAccountRow, DateTimeOffset, Task<AccountOutcome>> operation, CancellationToken ct) =>
        pipeline.InTransaction(async (_, ct) =>
        {
            var account = await AccountLock.Row(db, accountId, ct);
            if (await idempotency.Replay(db, accountId, request, ct) is { } replay) return replay;
            var now = clock.GetUtcNow();
            var outcome = await operation(account, now);
            var body = json.Serialize(outcome.Body);
            idempotency.Remember(db, accountId, request, outcome.Status, body, outcome.Location, now);
            await db.SaveChangesAsync(ct);
            return new ApiReply(outcome.Status, body, outcome.Location, Replayed: false);
        }, ct);
}
