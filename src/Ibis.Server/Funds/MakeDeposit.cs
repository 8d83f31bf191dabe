using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Security.Fields;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Funds;

/// <summary>A deposit to make: the amount, the payment method (P050 3.5a) and its instrument.</summary>
public sealed record DepositRequest(MoneyInput? Amount, string? Method, string? RoutingNumber, string? AccountNumber, string? CardNumber, string? CardSecurityCode, string? CheckNumber)
{
    /// <summary>For an ACH debit: "company" (the default; CCD) or "individual" (PPD).</summary>
    public string? AccountHolder { get; init; }
}

/// <summary>
/// P050 3.5a, §502.25: the licensee (or its provider) funds the deposit account by an accepted payment method. The
/// deposit is recorded as pending with its payment instruction, then confirmed (or failed) by the processor. The
/// gateway depends on the account's mode (<see cref="PaymentGateways"/>); every refusal comes before anything is stored.
/// </summary>
public sealed class MakeDeposit(IbisDb db, CommandPipeline pipeline, AccountTransaction accounts, DepositSettlement settlement, PaymentGateways gateways,
    FieldProtector fields, ILogger<MakeDeposit> log)
{
    public static readonly Access Access = AccountRecords.MoneyMovers;

    private sealed record Pending(Reply<DepositView> Reply, IPaymentGateway Gateway, PaymentInstruction Instruction);

    public async Task<Reply<DepositView>> Handle(Caller caller, string accountId, DepositRequest request, IdempotentRequest idem, CancellationToken ct)
    {
        var depositId = Ids.New("dep");
        // Access is checked after the lookup: an account the caller may not see is not found, whatever its role.
        var pending = await pipeline.Run(caller, null, async ct =>
        {
            var visible = await AccountRecords.Visible(db, caller, accountId, ct);
            Access.Authorize(caller);
            var amount = (request.Amount ?? throw ApiException.Invalid("amount_required", "amount is required", "amount")).Parse("amount");
            Rules.Check(new AmountMustBePositiveRule(amount, "amount"));
            Rules.Check(new PaymentMethodMustBeAcceptedRule(request.Method));
            var method = PaymentMethod.Find(request.Method)!;
            var (masked, secret) = PaymentInstruments.Check(method, request);
            var gateway = gateways.For(await AccountRecords.IsSandbox(db, visible, ct)); // P050 3.5a, §502.25: the sandbox gateway never takes live money
            // A real ACH debit moves whole cents (Funds/Ach writes it into the debit file).
            if (method == PaymentMethod.AchDebit && !gateway.IsSandbox) Rules.Check(new Domain.Funds.Ach.AchAmountRule(amount));
            var reply = await accounts.Run(accountId, idem, (account, now) =>
            {
                Rules.Check(new AccountMustBeOpenRule(account.Id, account.Status));
                var row = new DepositRow
                {
                    AccountId = account.Id, Id = depositId, Method = method.Code, AmountMills = amount.Value, Status = DepositStatus.Pending,
                    InstrumentMasked = masked, InstrumentEncrypted = secret is null ? null : fields.Protect(secret, $"deposits/{depositId}/instrument"),
                    CreatedAt = now,
                };
                db.Deposits.Add(row);
                return Task.FromResult(Outcome.Created(DepositView.From(row), $"/v1/deposits/{depositId}"));
            }, ct);
            return new Pending(reply, gateway, new PaymentInstruction(depositId, method.Code, amount.Value, masked));
        }, ct);
        if (pending.Reply.Replayed) return pending.Reply;

        // The processor is outside the transaction: a crash here leaves a pending deposit, never money.
        var submission = await pending.Gateway.Submit(pending.Instruction, ct);
        bool? succeeded = !submission.ConfirmedNow && submission.FailureReason is null ? null : submission.ConfirmedNow;
        var settled = await pipeline.Run(caller, null,
            ct => settlement.Settle(accountId, depositId, succeeded, submission.FailureReason, submission.Reference, idem, ct), ct);
        if (settled.Row is not null) FundsLog.Settled(log, settled.Row);
        return settled.Reply;
    }
}
