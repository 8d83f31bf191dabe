using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Funds;
using Ibis.Domain.Funds.Ach;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds.Ach;

public sealed record AchReturnedView(string DepositId, string ReturnCode, string Status, bool Reversed, string? ReversalTransactionId);

public sealed record AchReturnsView(string Object, IReadOnlyList<AchReturnedView> Returned, IReadOnlyList<string> AlreadyReturned, int Ignored);

/// <summary>
/// The bank's return file: each returned entry (addenda type 99, reason R01…) fails its deposit.
/// A deposit already credited (settled) has its credit reversed by a new ledger transaction — the
/// lines of the credit are never touched (DESIGN "Funds"). The balance never goes negative: what
/// the deposit balance no longer holds (the licensee already spent it on resets) becomes an
/// outstanding provider advance (§502.25(c)(1)) that the licensee owes. The whole file is checked
/// first — a malformed file, or a return naming no ACH debit of this provider, changes nothing —
/// and applied in one transaction; a return already applied is reported, not applied twice, so the
/// bank's file can be posted again.
/// </summary>
internal sealed class AchReturns(IbisDb db, AccountTransaction accounts, CommandPipeline pipeline)
{
    public const string Cause = "ach_return";

    public async Task<AchReturnsView> Process(Caller caller, string file, CancellationToken ct)
    {
        var providerId = AchAccess.Provider(caller, "the provider posts its bank's ACH return file");
        var parsed = NachaReader.Read(file);
        if (!parsed.Success) throw ApiException.FromParse(parsed, "body");
        var returns = new List<(DepositRow Deposit, string Code)>();
        var ignored = 0;
        foreach (var (line, entry) in parsed.Value)
        {
            if (entry.Return is not { } r) { ignored++; continue; }
            var marker = AchReference.TraceMarker(r.OriginalTrace);
            var candidates = await db.Deposits.AsNoTracking()
                .Where(d => d.Method == PaymentMethod.AchDebit.Code && d.PaymentReference != null && d.PaymentReference.Contains(marker)
                            && db.DepositAccounts.Any(a => a.Id == d.AccountId && db.Licensees.Any(l => l.Id == a.LicenseeId && l.ProviderId == providerId)))
                .ToListAsync(ct);
            // The individual id is the deposit id's first 15 characters (upper case in the file).
            var deposit = candidates.FirstOrDefault(d => d.Id.StartsWith(entry.IndividualId.ToLowerInvariant(), StringComparison.Ordinal));
            if (deposit is null)
                throw new ApiException(422, "ach_return_unknown_entry", $"line {line}: no ACH debit of yours has trace number {r.OriginalTrace} and individual id {entry.IndividualId}; nothing was applied", "body");
            if (returns.Any(x => x.Deposit.Id == deposit.Id))
                throw ApiException.Invalid("ach_return_duplicate", $"line {line}: the entry with trace number {r.OriginalTrace} is returned twice in this file; nothing was applied", "body");
            returns.Add((deposit, r.ReasonCode));
        }

        var returned = new List<AchReturnedView>();
        var already = new List<string>();
        await pipeline.Run(null, null, async ct =>
        {
            // A retry of the whole transaction starts the lists again: nothing of a rolled-back attempt is reported.
            returned.Clear();
            already.Clear();
            // Row locks in a fixed order (account id), as every multi-account operation takes them.
            foreach (var group in returns.GroupBy(x => x.Deposit.AccountId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                await accounts.Run(group.Key, IdempotentRequest.None, async (account, now) =>
                {
                    foreach (var (d, code) in group)
                    {
                        var row = await db.Deposits.SingleAsync(x => x.AccountId == account.Id && x.Id == d.Id, ct);
                        if (row.Status == DepositStatus.Failed) { already.Add(row.Id); continue; }
                        var deposit = Deposit.Load(row.Id, row.Status);
                        var credited = deposit.Return();
                        row.Status = deposit.Status;
                        row.FailureReason = "ACH return " + AchReturnReasons.Describe(code);
                        row.SettledAt = now;
                        var txn = credited ? Reverse(account, row, code, now) : null;
                        returned.Add(new AchReturnedView(row.Id, code, row.Status.ToText(), credited, txn));
                    }
                    return Outcome.Done(new { group.Key });
                }, ct);
            }
            return returned.Count;
        }, ct);
        return new AchReturnsView("ach_return_processing", returned, already, ignored);
    }

    /// <summary>The credit comes back out: from the deposit balance as far as it goes, the rest as a provider advance.</summary>
    private string Reverse(DepositAccountRow account, DepositRow row, string code, DateTimeOffset now)
    {
        var aggregate = AccountAggregate.Load(account);
        var shortfall = aggregate.TakeBackReturnedDeposit(Domain.Money.Mills.FromMills(row.AmountMills)).Value;
        AccountAggregate.Store(account, aggregate);
        var fromDeposit = row.AmountMills - shortfall;
        var memo = $"ACH debit returned ({AchReturnReasons.Describe(code)})";
        return shortfall == 0
            ? Ledger.Post(db, account, Cause, row.Id, now, memo, (Books.Bank, row.AmountMills), (Books.Deposit, -row.AmountMills))
            : Ledger.Post(db, account, Cause, row.Id, now, memo + "; the balance short of it is advanced by the provider",
                (Books.Bank, row.AmountMills), (Books.Deposit, -fromDeposit), (Books.Advance, -shortfall));
    }
}
