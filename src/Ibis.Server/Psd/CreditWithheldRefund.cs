using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <param name="ValidatedAmount">The postage the examination validated (at most what the last verified registers allow).</param>
/// <param name="Findings">What the examination found.</param>
public sealed record CreditWithheldRefundCommand(MoneyInput? ValidatedAmount, string? Findings);

/// <summary>
/// The step after a tampered device's check-out (§502.20(e), §502.27(b)): its final registers could not be
/// validated, so Form 3601-C credited nothing (<see cref="UnvalidatedRegistersMustNotBeCreditedRule"/>). An
/// examination of the device — by the provider with the Postal Service, or by the Inspection Service — now
/// validates an amount, at most what the device's last verified registers allow
/// (<see cref="ValidatedAmountMustNotExceedVerifiedRegistersRule"/>), once only. Section F records it, and it
/// enters the one refund process as the device-balance refund (§502.27(b)(3)–(4)): certified and sent to the
/// district MATS coordinator, whose approval credits the deposit account from the device's book. The
/// tampered row itself is never trusted: the ceiling comes from the signed reset and indicium records and
/// the register checkpoint anchored outside the database.
/// </summary>
public sealed class CreditWithheldRefund(IbisDb db, CommandPipeline pipeline, RegisterCheckpoints checkpoints, IBalanceRefunds refunds, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole, Caller.PostalRole, Caller.InspectorRole);

    public Task<ActivityReportView> Handle(Caller caller, string deviceId, CreditWithheldRefundCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        await DeviceLife.Visible(db, caller, deviceId, ct);
        var device = await RegisterLock.Row(db, deviceId, ct);
        var report = await db.ActivityReports.Where(a => a.DeviceId == device.Id).OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct);
        Rules.Check(new RefundMustBeWithheldRule(device.Id, report is not null && device.Status == DeviceStatus.Withdrawn, report?.RegistersNotValidatedReason is null));
        Rules.Check(new WithheldRefundMustBeCreditedOnceRule(report!.ExaminationValidatedAt, report.RefundId));
        Rules.Check(new ReportFieldRequiredRule("findings", command.Findings, "39 CFR 502.27(b)(1)"));
        if (command.ValidatedAmount is null)
            throw new BusinessRuleViolationException(new BrokenRule("validated_amount_required", "give the amount the examination validated (validated_amount)", "validated_amount", RuleKind.BadInput));
        var amount = command.ValidatedAmount.Parse("validated_amount").Value;
        Rules.Check(new ValidatedAmountMustBePositiveRule(amount));

        // What the device's own records still vouch for: its last signed reset and indicium, and the
        // checkpoint anchored outside the database (a rolled-back row may have lost its newest indicia).
        var standing = await DeviceStanding.Read(db, device, ct);
        var printed = Math.Max(standing.LastPieceAscendingMills ?? 0, checkpoints.AnchorOf(device.Id)?.AscendingMills ?? 0);
        var verified = ValidatedAmountMustNotExceedVerifiedRegistersRule.Verified(standing.LastResetControlTotalMills ?? 0, printed);
        Rules.Check(new ValidatedAmountMustNotExceedVerifiedRegistersRule(amount, verified));
        var lease = device.LeaseId is null ? null : await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Id == device.LeaseId, ct);
        if (lease is null || report.AccountId is null)
            throw new ApiException(409, "no_account_to_credit", $"device {device.Id} was checked out under no lease with a resetting account; there is no deposit account to credit");

        var now = clock.GetUtcNow();
        var findings = command.Findings!.Trim();
        await AccountLock.Row(db, report.AccountId, ct); // lock order: device row, then the account row
        report.ValidatedRefundMills = amount;
        report.ExaminationValidatedAt = now;
        report.ExaminedBy = caller.UserOrKeyId;
        report.ExaminationFindings = findings;
        report.RefundId = await refunds.DeviceBalance(db, new DeviceBalanceClaim(device.Id, lease.LicenseeId, device.ProviderId, report.AccountId, report.Id,
            device.Sandbox, amount, report.NoticeDescendingMills, caller.UserOrKeyId, caller.UserOrKeyId, now), ct);
        DeviceHistory.Record(db, device, "withheld_refund_validated", device.Status, caller.UserOrKeyId,
            $"examination validated {Domain.Money.Mills.FromMills(amount).ToDollarString()} of the refund withheld at check-out (at most {Domain.Money.Mills.FromMills(verified).ToDollarString()}): {findings}", now, report.RefundId);
        return ActivityReportView.From(report);
    }, ct);
}
