using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Funds;

public sealed record AccountSettingsRequest(bool? MonthlyStatement);

/// <summary>P050 3.5c: the licensee (or its provider) chooses a receipt after each reset, or a monthly statement.</summary>
internal sealed class ConfigureDepositAccount(IbisDb db, CommandPipeline pipeline, AccountTransaction accounts)
{
    public static readonly Access Access = AccountRecords.MoneyMovers;

    public Task<Reply<AccountView>> Handle(Caller caller, string accountId, AccountSettingsRequest request, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        await AccountRecords.Visible(db, caller, accountId, ct);
        Access.Authorize(caller); // after the lookup: an account the caller may not see is not found, whatever its role
        var monthly = request.MonthlyStatement ?? throw ApiException.Invalid("monthly_statement_required", "monthly_statement (true or false) is required", "monthly_statement");
        return await accounts.Run(accountId, IdempotentRequest.None, (account, _) =>
        {
            account.MonthlyStatement = monthly;
            return Task.FromResult(Outcome.Done(AccountView.From(account)));
        }, ct);
    }, ct);
}
