using Ibis.Data;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Funds;

/// <summary>§502.25(c)(1): the provider sets how much it will advance to the licensee (<see cref="AdvanceFunds"/>).</summary>
public sealed class SetAdvanceLimit(IbisDb db, CommandPipeline pipeline, AccountTransaction accounts)
{
    public static readonly Access Access = AccountRecords.Provider;

    public Task<Reply<AccountView>> Handle(Caller caller, string accountId, Mills limit, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        await AccountRecords.Visible(db, caller, accountId, ct);
        return await accounts.Run(accountId, IdempotentRequest.None, (account, _) =>
        {
            var aggregate = AccountAggregate.Load(account);
            aggregate.SetAdvanceLimit(limit);
            AccountAggregate.Store(account, aggregate);
            return Task.FromResult(Outcome.Done(AccountView.From(account)));
        }, ct);
    }, ct);
}
