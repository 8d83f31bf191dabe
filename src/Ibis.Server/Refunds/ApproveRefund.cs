using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Money;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>
/// §502.27(a)(6), (b)(4), P050 3.3: the district MATS coordinator approves the certified amount and it is
/// credited to the licensee's CMRS (deposit) account (for a closing, §502.27(c)(3), the check is issued) — one balanced ledger transaction: the deposit
/// gains exactly the certified amount, the refund book gives it. Approved and paid in one transaction,
/// so a refund is never approved without its credit, and a second approval finds it paid.
/// </summary>
public sealed class ApproveRefund(IbisDb db, CommandPipeline pipeline, TimeProvider clock, ILogger<ApproveRefund> log)
{
    public static readonly Access Access = Access.For(OrganisationRoles.RefundCoordinator);

    public Task<RefundView> Handle(Caller caller, string refundId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await RefundRecords.LoadForUpdate(db, caller, refundId, ct);
        var refund = RefundRecords.Aggregate(row);
        refund.Approve();
        var now = clock.GetUtcNow();
        var amount = Mills.FromMills(row.CertifiedMills ?? 0);
        // The account the refund was bound for when it was certified (a device's lease account, the closed
        // account); unused postage goes to the licensee's open account.
        var account = row.AccountId is { } bound ? await AccountLock.Row(db, bound, ct) : await AccountLock.OfLicensee(db, row.LicenseeId, ct);
        if (refund.Kind != RefundKind.AccountBalance) Rules.Check(new AccountMustBeOpenRule(account.Id, account.Status));
        row.Status = refund.Status;
        row.ApprovedBy = caller.UserOrKeyId;
        row.ApprovedAt = now;
        await RefundRecords.Record(db, row, "approved", caller.UserOrKeyId, $"{amount.ToDollarString()} approved by the {(refund.Kind == RefundKind.AccountBalance ? "Minneapolis Accounting Service Center" : "district MATS coordinator")}", now, ct);

        refund.Pay();
        if (refund.Kind == RefundKind.AccountBalance)
        {
            // §502.27(c)(3): the lockbox bank issues the check. The balance already left the closed account
            // for the refund-by-check book at the closing (row.LedgerTransactionId): no second ledger line.
            var payee = await db.Refunds.Where(r => r.Id == row.Id).Select(r => r.Payee).FirstOrDefaultAsync(ct);
            await RefundRecords.Record(db, row, "paid", caller.UserOrKeyId, $"check of {amount.ToDollarString()} issued to {payee} (39 CFR 502.27(c)(3))", now, ct);
        }
        else
        {
            // A device balance (§502.27(b)) comes back from the device's book; unused postage from the Postal Service's refund book.
            var from = refund.Kind == RefundKind.DeviceBalance && row.DeviceId is not null ? Books.Psd(row.DeviceId) : Books.PostageRefund;
            row.LedgerTransactionId = Ledger.Post(db, account, "refund", row.Id, now, $"refund {row.Id} of {KindText(refund.Kind)} ({(refund.Kind == RefundKind.DeviceBalance ? "Form 3601-C" : "Form 3533")})",
                (Books.Deposit, amount.Value), (from, -amount.Value));
            await RefundRecords.Record(db, row, "paid", caller.UserOrKeyId, $"{amount.ToDollarString()} credited to deposit account {account.Id}", now, ct);
        }
        row.AccountId = account.Id;
        row.Status = refund.Status;
        row.PaidAt = now;
        RefundsLog.Paid(log, row.Id, amount.Value, account.Id);
        Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.RefundPaid, now, new { RefundId = row.Id, AccountId = account.Id, Amount = Api.MoneyView.OfMills(amount.Value) }, row.LicenseeId);
        return await RefundRecords.View(db, row, ct);
    }, ct);

    private static string KindText(RefundKind kind) => kind switch
    {
        RefundKind.UnusedPostage => "unused postage",
        RefundKind.DeviceBalance => "a device balance",
        _ => "an account balance",
    };
}
