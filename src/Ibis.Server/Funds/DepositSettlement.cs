using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Funds;
using Ibis.Server.Api;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>A deposit settled, and the row as it was settled (null on a replay); log it once the transaction committed.</summary>
public sealed record DepositSettled(ApiReply Reply, DepositRow? Row);

/// <summary>
/// The processor's answer for a pending deposit, shared by <see cref="MakeDeposit"/> (a processor that answers at
/// once) and <see cref="ConfirmDeposit"/> (one that answers later): confirmed credits the account (P050 3.5), failed
/// credits nothing, no answer yet leaves it pending. Runs in the caller's transaction, on the locked account row.
/// </summary>
public sealed class DepositSettlement(IbisDb db, AccountTransaction accounts)
{
    public async Task<DepositSettled> Settle(string accountId, string depositId, bool? succeeded, string? reason, string? reference, IdempotentRequest idem, CancellationToken ct)
    {
        DepositRow? settled = null;
        var reply = await accounts.Run(accountId, IdempotentRequest.None, async (account, now) =>
        {
            var row = await db.Deposits.SingleAsync(d => d.AccountId == accountId && d.Id == depositId, ct);
            if (reference is not null) row.PaymentReference = reference;
            var deposit = Domain.Funds.Deposit.Load(row.Id, row.Status);
            if (succeeded == true)
            {
                deposit.Confirm();
                row.Status = deposit.Status;
                row.SettledAt = now;
                Ledger.Post(db, account, "deposit", depositId, now, $"{row.Method} deposit",
                    (Books.Bank, -row.AmountMills), (Books.Deposit, row.AmountMills));
                Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.DepositCleared, now, new { DepositId = row.Id, AccountId = account.Id, Amount = MoneyView.OfMills(row.AmountMills), row.Method }, account.LicenseeId);
            }
            else if (succeeded == false)
            {
                deposit.Fail();
                row.Status = deposit.Status;
                row.SettledAt = now;
                row.FailureReason = reason ?? "declined";
            }
            else deposit.AwaitClearing();
            await SaveReplayForKey(accountId, idem, row, ct);
            settled = row;
            return new AccountOutcome(201, DepositView.From(row), $"/v1/deposits/{depositId}");
        }, ct);
        return new DepositSettled(reply, settled);
    }

    /// <summary>A retry of the original deposit request must see the settled deposit, not the first pending answer.</summary>
    private async Task SaveReplayForKey(string accountId, IdempotentRequest idem, DepositRow row, CancellationToken ct)
    {
        if (idem.Key is null) return;
        var stored = await db.IdempotencyKeys.FirstOrDefaultAsync(k => k.Scope == accountId && k.Key == idem.Key, ct);
        if (stored is not null) stored.Body = accounts.Serialize(DepositView.From(row));
    }
}
