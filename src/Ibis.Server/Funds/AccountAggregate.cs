using Ibis.Data.Entities;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;

namespace Ibis.Server.Funds;

/// <summary>
/// The deposit account's aggregate (<see cref="DepositAccount"/>) from its locked row and back: the advance figures it
/// moves are stored here; the balance moves only through <see cref="Ledger.Post"/>, which keeps it equal to the deposit book.
/// </summary>
public static class AccountAggregate
{
    public static DepositAccount Load(DepositAccountRow row) => DepositAccount.Load(row.Id, row.Status, Mills.FromMills(row.BalanceMills),
        Mills.FromMills(row.AdvanceOutstandingMills), Mills.FromMills(row.AdvanceLimitMills));

    public static void Store(DepositAccountRow row, DepositAccount account)
    {
        row.AdvanceOutstandingMills = account.AdvanceOutstanding.Value;
        row.AdvanceLimitMills = account.AdvanceLimit.Value;
    }
}
