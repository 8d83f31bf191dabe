using Ibis.Data;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Refunds;

public sealed record RejectRefundCommand(string? Reason);

/// <summary>
/// The provider (on verifying the pieces) or the district MATS coordinator refuses a refund, with its
/// reason. Nothing is paid, and the pieces it claimed are given back: they were never refunded. A
/// rejected device balance stays on the device's book; a rejected closing reopens the account.
/// </summary>
public sealed class RejectRefund(IbisDb db, CommandPipeline pipeline, TimeProvider clock, ILogger<RejectRefund> log)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Provider, OrganisationRoles.RefundCoordinator);

    public Task<RefundView> Handle(Caller caller, string refundId, RejectRefundCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await RefundRecords.LoadForUpdate(db, caller, refundId, ct);
        var refund = RefundRecords.Aggregate(row);
        refund.Reject(command.Reason);
        var now = clock.GetUtcNow();
        row.Status = refund.Status;
        row.RejectionCode = caller.Role == Caller.ProviderRole ? "rejected_by_provider" : "rejected_by_postal_service";
        row.RejectionReason = command.Reason!.Trim();
        row.RejectedAt = now;
        await RefundRecords.ReleaseClaims(db, row.Id, ct);
        await RefundRecords.Record(db, row, "rejected", caller.UserOrKeyId, row.RejectionReason, now, ct);
        if (refund.Kind == RefundKind.AccountBalance && row.AccountId is not null)
        {
            // The closing did not go through: its balance returns to the account, which reopens.
            var reversal = await Funds.ClosingReversal.Reverse(db, row.AccountId, row.Id, row.CertifiedMills ?? row.QualifyingMills, now, ct);
            await RefundRecords.Record(db, row, "account_reopened", caller.UserOrKeyId, $"account {row.AccountId} reopened with its balance ({reversal})", now, ct);
        }
        RefundsLog.Rejected(log, row.Id);
        return await RefundRecords.View(db, row, ct);
    }, ct);
}
