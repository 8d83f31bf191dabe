using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Funds;

/// <summary>§502.25(c)(1): the provider advances funds for the licensee, within the limit it set (<see cref="SetAdvanceLimit"/>).</summary>
public sealed class AdvanceFunds(IbisDb db, CommandPipeline pipeline, AccountTransaction accounts)
{
    public static readonly Access Access = AccountRecords.Provider;

    public Task<Reply<AdvanceView>> Handle(Caller caller, string accountId, Mills amount, IdempotentRequest idem, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        await AccountRecords.Visible(db, caller, accountId, ct);
        Rules.Check(new AmountMustBePositiveRule(amount, "amount"));
        return await accounts.Run(accountId, idem, (account, now) =>
        {
            var aggregate = AccountAggregate.Load(account);
            aggregate.RequireOpen();
            var txn = PostAdvance(account, aggregate, amount, now);
            return Task.FromResult(Outcome.Created(new AdvanceView("advance", account.Id, "advance", MoneyView.Of(amount),
                MoneyView.OfMills(account.AdvanceOutstandingMills), MoneyView.OfMills(account.BalanceMills), txn)));
        }, ct);
    }, ct);

    /// <summary>
    /// Posts an advance on the locked account row through its loaded aggregate (also used by a reset that the deposit
    /// alone cannot cover, with the aggregate that paid for it).
    /// </summary>
    public string PostAdvance(DepositAccountRow account, DepositAccount aggregate, Mills amount, DateTimeOffset now)
    {
        aggregate.Advance(amount);
        AccountAggregate.Store(account, aggregate);
        return Ledger.Post(db, account, "advance", account.Id, now, "provider advance",
            (Books.Advance, -amount.Value), (Books.Deposit, amount.Value));
    }
}
