using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Funds;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>A deposit settled, and the row as it was settled (null on a replay); log it once the transaction committed.</summary>
internal sealed record DepositSettled(Reply<DepositView> Reply, DepositRow? Row);

/// <summary>
/// The processor's answer for a pending deposit, shared by <see cref="MakeDeposit"/> (a processor that answers at
/// once) and <see cref="ConfirmDeposit"/> (one that answers later): confirmed credits the account (P050 3.5), failed
/// credits nothing, no answer yet leaves it pending. Runs in the caller's transaction, on the locked account row.
/// </summary>
public sealed class DepositSettlement(IbisDb db, AccountTransaction accounts, IdempotencyStore answers)
{
    internal async Task<DepositSettled> Settle(string accountId, string depositId, bool? succeeded, string? reason, string? reference, IdempotentRequest idem, CancellationToken ct)
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
            await answers.Rekeep(db, accountId, idem, DepositView.From(row), ct); // a retry of the deposit request sees it settled, not pending
            settled = row;
            return Outcome.Created(DepositView.From(row), $"/v1/deposits/{depositId}");
        }, ct);
        return new DepositSettled(reply, settled);
    }
}
