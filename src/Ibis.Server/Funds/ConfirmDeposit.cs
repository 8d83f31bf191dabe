using Ibis.Data;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

public sealed record DepositConfirmationRequest(bool? Succeeded, string? FailureReason);

/// <summary>
/// The processor's answer for a pending deposit, given by the provider (its payment processor, or a user who saw the
/// money arrive): confirmed credits the account (P050 3.5), failed credits nothing. A live ACH debit settles through
/// the ACH round trip instead (Funds/Ach).
/// </summary>
internal sealed class ConfirmDeposit(IbisDb db, CommandPipeline pipeline, DepositSettlement settlement, ILogger<ConfirmDeposit> log)
{
    public static readonly Access Access = AccountRecords.Provider;

    public async Task<Reply<DepositView>> Handle(Caller caller, string depositId, bool succeeded, string? reason, CancellationToken ct)
    {
        var settled = await pipeline.Run(caller, Access, async ct =>
        {
            var deposit = await db.Deposits.AsNoTracking().FirstOrDefaultAsync(d => d.Id == depositId, ct) ?? throw ApiException.NotFound("deposit", depositId);
            var account = await AccountRecords.Visible(db, caller, deposit.AccountId, ct);
            var sandboxAccount = await AccountRecords.IsSandbox(db, account, ct);
            Rules.Check(new Domain.Funds.Ach.AchDebitSettlesByAchRule(depositId, deposit.Method == Domain.Funds.PaymentMethod.AchDebit.Code && !sandboxAccount));
            return await settlement.Settle(deposit.AccountId, depositId, succeeded, reason, null, IdempotentRequest.None, ct);
        }, ct);
        if (settled.Row is not null) FundsLog.Settled(log, settled.Row);
        return settled.Reply;
    }
}
