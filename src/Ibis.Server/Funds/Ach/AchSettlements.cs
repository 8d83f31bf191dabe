using Ibis.Data;
using Ibis.Domain.Funds;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds.Ach;

public sealed record AchSettlementView(string Object, string SettledOn, IReadOnlyList<string> Confirmed, int NotYetDue);

/// <summary>
/// Settlement of the ACH debits that did not come back: an entry is confirmed — the deposit account
/// credited (P050 3.5, §502.25) — once its settlement window (<see cref="AchSettings.SettlementDays"/>
/// banking days after the effective entry date) has passed with no return. The provider calls this
/// after posting the day's return file; the return file itself confirms nothing, because the
/// absence of a return only means something once the window is over. A return that still comes
/// later (R05, R07, R10 may come weeks later) reverses the credit (<see cref="AchReturns"/>).
/// Calling it again confirms nothing twice.
/// </summary>
internal sealed class AchSettlements(IbisDb db, AccountTransaction accounts, AchSettings settings, TimeProvider clock, CommandPipeline pipeline)
{
    public async Task<AchSettlementView> Settle(Caller caller, CancellationToken ct)
    {
        var providerId = AchAccess.Provider(caller, "the provider settles its ACH debits");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var pending = await db.Deposits.AsNoTracking()
            .Where(d => d.Method == PaymentMethod.AchDebit.Code && d.Status == DepositStatus.Pending && d.PaymentReference != null && d.PaymentReference.StartsWith(AchReference.Scheme)
                        && db.DepositAccounts.Any(a => a.Id == d.AccountId && db.Licensees.Any(l => l.Id == a.LicenseeId && l.ProviderId == providerId && !l.Sandbox)))
            .Select(d => new { d.AccountId, d.Id, d.PaymentReference }).ToListAsync(ct);
        var due = pending.Where(d => AchReference.Parse(d.PaymentReference) is { } r && settings.SettlesOn(r.Effective) <= today).ToList();

        var confirmed = new List<string>();
        await pipeline.Run(null, null, async ct =>
        {
            // A retry of the whole transaction starts the list again: only what the committed attempt confirmed is reported.
            confirmed.Clear();
            foreach (var group in due.GroupBy(d => d.AccountId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ids = group.Select(d => d.Id).ToHashSet();
                await accounts.Run(group.Key, IdempotentRequest.None, async (account, now) =>
                {
                    var rows = await db.Deposits.Where(d => d.AccountId == account.Id && ids.Contains(d.Id)).ToListAsync(ct);
                    foreach (var row in rows.Where(r => r.Status == DepositStatus.Pending).OrderBy(r => r.Id, StringComparer.Ordinal))
                    {
                        var deposit = Deposit.Load(row.Id, row.Status);
                        deposit.Confirm();
                        row.Status = deposit.Status;
                        row.SettledAt = now;
                        Ledger.Post(db, account, "deposit", row.Id, now, "ach_debit deposit (settled)", (Books.Bank, -row.AmountMills), (Books.Deposit, row.AmountMills));
                        Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.DepositCleared, now, new { DepositId = row.Id, AccountId = account.Id, Amount = Api.MoneyView.OfMills(row.AmountMills), row.Method }, account.LicenseeId);
                        confirmed.Add(row.Id);
                    }
                    return Outcome.Done(new { group.Key });
                }, ct);
            }
            return confirmed.Count;
        }, ct);
        return new AchSettlementView("ach_settlement", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), confirmed, pending.Count - confirmed.Count);
    }
}
