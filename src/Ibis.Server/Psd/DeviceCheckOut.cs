using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Certificates;
using Ibis.Server.Funds;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// What checking a device out of service does to its records, once the aggregate allowed it
/// (§502.20(e), §502.27(b)): Form 3601-C with the final registers and the validated refund (section F)
/// signed by the provider's representative (section G); the remaining DR credited — to the deposit
/// account, or to a replacement device — as one ledger transaction; the certificates revoked; the key
/// queued for destruction in the same transaction. The final registers stay on the row as the record.
/// </summary>
internal static class DeviceCheckOut
{
    /// <param name="device">The device row, locked by the caller's transaction.</param>
    /// <param name="creditBook">Where the remaining postage goes: <see cref="Books.Deposit"/> or <see cref="Books.Psd"/> of the replacement.</param>
    /// <param name="registersNotValidated">Why the final registers failed their integrity check, if they did: nothing is then credited.</param>
    public static async Task<ActivityReportRow> Complete(IbisDb db, DeviceRow device, string reason, string signedBy, long? noticeDescendingMills,
        string creditBook, DateTimeOffset now, CancellationToken ct, string? registersNotValidated = null)
    {
        var validated = registersNotValidated is null;
        var refund = UnvalidatedRegistersMustNotBeCreditedRule.ValidatedRefund(validated, device.DescendingMills);
        Rules.Check(new UnvalidatedRegistersMustNotBeCreditedRule(validated, refund));
        var report = new ActivityReportRow
        {
            Id = Ids.New("act"), DeviceId = device.Id, AscendingMills = device.AscendingMills, DescendingMills = device.DescendingMills,
            ControlTotalMills = device.ControlTotalMills, PieceCount = device.PieceCount, RefundDueMills = device.DescendingMills,
            ValidatedRefundMills = refund, NoticeDescendingMills = noticeDescendingMills, SignedBy = signedBy, Reason = reason, CreatedAt = now,
            RegistersNotValidatedReason = registersNotValidated,
        };
        var lease = device.LeaseId is null ? null : await db.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Id == device.LeaseId, ct);
        if (lease is not null)
        {
            // Lock order everywhere: device row(s), then the account row.
            var account = await AccountLock.Row(db, lease.ResettingAccountId, ct);
            report.AccountId = account.Id;
            if (refund > 0)
                report.LedgerTransactionId = Ledger.Post(db, account, creditBook == Books.Deposit ? "check_out" : "transfer", report.Id, now,
                    creditBook == Books.Deposit ? $"balance of {device.Id} refunded at check-out (502.27(b))" : $"balance of {device.Id} moved to its replacement",
                    (Books.Psd(device.Id), -refund), (creditBook, refund));
        }
        db.ActivityReports.Add(report);
        device.WithdrawnAt = now;
        // §502.20(e), §502.28: pieces dated before the check-out keep verifying, anything dated later is refused.
        await CertificateRevocation.RevokeAllOf(db, device.Id, RevocationReason.CheckedOut, now, ct);
        PendingKeyDestructions.Queue(db, device, now);
        return report;
    }
}
