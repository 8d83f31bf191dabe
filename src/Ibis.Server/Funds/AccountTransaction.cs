using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>
/// One money operation on one deposit account in the command pipeline's transaction: lock the account row,
/// replay an idempotent retry byte for byte, run the operation (which posts balanced ledger lines),
/// store the response under the idempotency key, commit.
/// </summary>
public sealed class AccountTransaction(IbisDb db, TimeProvider clock, CommandPipeline pipeline, IdempotencyStore idempotency)
{
    public Task<Reply<T>> Run<T>(string accountId, IdempotentRequest request, Func<DepositAccountRow, DateTimeOffset, Task<Outcome<T>>> operation, CancellationToken ct) where T : class =>
        pipeline.InTransaction(async (_, ct) =>
        {
            var account = await AccountLock.Row(db, accountId, ct);
            if (await idempotency.Replay<T>(db, accountId, request, ct) is { } replay) return replay;
            var now = clock.GetUtcNow();
            var outcome = await operation(account, now);
            var reply = idempotency.Keep(db, accountId, request, outcome, now);
            await db.SaveChangesAsync(ct);
            return reply;
        }, ct);
}
