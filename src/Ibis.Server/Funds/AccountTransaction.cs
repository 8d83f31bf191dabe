using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

public sealed record AccountOutcome(int Status, object Body, string? Location = null);

/// <summary>
/// One money operation on one deposit account as one database transaction: lock the account row,
/// replay an idempotent retry byte for byte, run the operation (which posts balanced ledger lines),
/// store the response under the idempotency key, commit.
/// </summary>
public sealed class AccountTransaction(IbisDb db, ApiJson json, TimeProvider clock, Hosting.SqliteWriteGate gate, IdempotencyStore idempotency)
{
    public byte[] Serialize(object body) => json.Serialize(body);

    public async Task<ApiReply> Run(string accountId, IdempotentRequest request, Func<DepositAccountRow, DateTimeOffset, Task<AccountOutcome>> operation, CancellationToken ct)
    {
        using var turn = await gate.Enter(db, ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            var outer = db.Database.CurrentTransaction is not null;
            if (!outer) db.ChangeTracker.Clear();
            await using var tx = outer ? null : await db.Database.BeginTransactionAsync(ct);
            var account = await AccountLock.Row(db, accountId, ct);
            if (await idempotency.Replay(db, accountId, request, ct) is { } replay) return replay;
            var now = clock.GetUtcNow();
            var outcome = await operation(account, now);
            var body = json.Serialize(outcome.Body);
            idempotency.Remember(db, accountId, request, outcome.Status, body, outcome.Location, now);
            await db.SaveChangesAsync(ct);
            if (tx is not null) await tx.CommitAsync(ct);
            return new ApiReply(outcome.Status, body, outcome.Location, Replayed: false);
        });
    }
}
