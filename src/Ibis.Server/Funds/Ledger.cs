using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>The books a ledger line can post to. Only "deposit" is the licensee's money on deposit.</summary>
public static class Books
{
    public const string Deposit = "deposit";
    public const string Advance = "advance";
    public const string Bank = "bank";
    public const string RefundCheck = "refund_check";

    /// <summary>P050 3.3: the provider's side of an adjustment for postage lost through a malfunction (the provider's loss).</summary>
    public const string ProviderAdjustment = "provider_adjustment";

    /// <summary>The Postal Service's side of a refund of unused postage credited to the deposit (§502.27(a)(6)).</summary>
    public const string PostageRefund = "postage_refund";

    public static string Psd(string deviceId) => "psd:" + deviceId;
}

/// <summary>
/// Double-entry posting (DESIGN "Funds"): a transaction is a set of lines in integer mills that sum
/// to zero, appended to the account's numbered ledger; nothing is ever updated or deleted. The
/// account row caches the deposit balance so that it is read and changed under one row lock.
/// </summary>
public static class Ledger
{
    /// <returns>The transaction id.</returns>
    public static string Post(IbisDb db, DepositAccountRow account, string cause, string causeId, DateTimeOffset now, string? memo,
        params (string Book, long Amount)[] lines)
    {
        if (lines.Length < 2) throw new InvalidOperationException("a transaction has at least two lines");
        long sum = 0, depositDelta = 0;
        foreach (var (book, amount) in lines)
        {
            sum = checked(sum + amount);
            if (book == Books.Deposit) depositDelta = checked(depositDelta + amount);
        }
        if (sum != 0) throw new InvalidOperationException($"unbalanced transaction ({cause}): lines sum to {sum}");
        var balance = checked(account.BalanceMills + depositDelta);
        // Callers check the business rules first; reaching this is a bug, never a negative balance.
        if (balance < 0) throw new InvalidOperationException($"posting {cause} would make account {account.Id} negative");
        var transactionId = Ids.Ordered("txn", now);
        foreach (var (book, amount) in lines)
        {
            account.LedgerSequence++;
            db.Ledger.Add(new LedgerEntryRow
            {
                AccountId = account.Id, Sequence = account.LedgerSequence, Id = Ids.Ordered("led", now), TransactionId = transactionId,
                Book = book, AmountMills = amount, BalanceAfterMills = balance, Cause = cause, CauseId = causeId, Memo = memo, CreatedAt = now,
            });
        }
        account.BalanceMills = balance;
        return transactionId;
    }
}

/// <summary>Reads a deposit account row for update inside the current transaction.</summary>
public static class AccountLock
{
    public static Task<DepositAccountRow> Row(IbisDb db, string accountId, CancellationToken ct)
    {
        RowLocks.Require(db);
        return RowQuery.For(db)(db, accountId, ct);
    }

    // Compiled (issue 17: read in every reset); FOR UPDATE on PostgreSQL (RowLocks), under the write lock the transaction holds on SQLite.
    private static readonly PerModel<Func<IbisDb, string, CancellationToken, Task<DepositAccountRow>>> RowQuery = new(() =>
        EF.CompileAsyncQuery((IbisDb db, string accountId, CancellationToken ct) => db.DepositAccounts.ForUpdate().Single(a => a.Id == accountId)));

    /// <summary>The licensee's deposit account (its open one, if it ever had several), locked.</summary>
    public static Task<DepositAccountRow> OfLicensee(IbisDb db, string licenseeId, CancellationToken ct) =>
        db.IsPostgres
            ? db.DepositAccounts.FromSql($"SELECT * FROM deposit_accounts WHERE \"LicenseeId\" = {licenseeId} ORDER BY CASE WHEN \"Status\" = 'open' THEN 0 ELSE 1 END, \"Id\" LIMIT 1 FOR UPDATE").SingleAsync(ct)
            : db.DepositAccounts.Where(a => a.LicenseeId == licenseeId).OrderBy(a => a.Status == AccountStatus.Open ? 0 : 1).ThenBy(a => a.Id).FirstAsync(ct);
}
