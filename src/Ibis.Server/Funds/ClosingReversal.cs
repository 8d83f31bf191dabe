using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>
/// A closing's refund rejected by the Postal Service (§502.27(c)), with its reason: no check is issued,
/// the balance returns from the refund-by-check book to the deposit account, and the account reopens.
/// </summary>
public static class ClosingReversal
{
    /// <returns>The reversing ledger transaction.</returns>
    public static async Task<string> Reverse(IbisDb db, string accountId, string refundId, long amountMills, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await AccountLock.Row(db, accountId, ct);
        var other = await db.DepositAccounts.AsNoTracking()
            .Where(a => a.LicenseeId == account.LicenseeId && a.Id != account.Id && a.Status != AccountStatus.Closed).Select(a => a.Id).FirstOrDefaultAsync(ct);
        Rules.Check(new RejectedClosingReopensTheAccountRule(account.Id, other));
        account.Status = AccountStatus.Open;
        account.ClosedAt = null;
        account.ClosingRequestedAt = null;
        return Ledger.Post(db, account, "refund_rejected", refundId, now, $"closing refund {refundId} rejected; the balance returns to the account",
            (Books.RefundCheck, -amountMills), (Books.Deposit, amountMills));
    }
}
