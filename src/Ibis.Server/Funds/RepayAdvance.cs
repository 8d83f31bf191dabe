using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Funds;

/// <summary>§502.25(c)(1): the licensee repays its provider's advance from its deposit balance.</summary>
internal sealed class RepayAdvance(IbisDb db, CommandPipeline pipeline, AccountTransaction accounts)
{
    /// <summary>Read-only roles (postal, auditor…) see accounts but never post a ledger line.</summary>
    public static readonly Access Access = AccountRecords.MoneyMovers;

    public Task<Reply<AdvanceView>> Handle(Caller caller, string accountId, Mills amount, IdempotentRequest idem, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        await AccountRecords.Visible(db, caller, accountId, ct);
        Rules.Check(new AmountMustBePositiveRule(amount, "amount"));
        return await accounts.Run(accountId, idem, (account, now) =>
        {
            var aggregate = AccountAggregate.Load(account);
            aggregate.Repay(amount);
            AccountAggregate.Store(account, aggregate);
            var txn = Ledger.Post(db, account, "repayment", account.Id, now, "advance repayment",
                (Books.Deposit, -amount.Value), (Books.Advance, amount.Value));
            return Task.FromResult(Outcome.Created(new AdvanceView("advance", account.Id, "repayment", MoneyView.Of(amount),
                MoneyView.OfMills(account.AdvanceOutstandingMills), MoneyView.OfMills(account.BalanceMills), txn)));
        }, ct);
    }, ct);
}
