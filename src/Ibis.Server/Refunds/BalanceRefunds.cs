using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Refunds;
using Ibis.Server.Funds;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>
/// The device balances (§502.27(b)) and account closings (§502.27(c)) entering the one refund process.
/// Both arrive already verified and signed by the provider, so they are recorded requested → under
/// review → certified → sent in the transaction that produced them; the Postal Service's approval then
/// pays them (<see cref="ApproveRefund"/>), or its rejection, with a reason, refuses them (<see cref="RejectRefund"/>).
/// </summary>
internal sealed class BalanceRefunds(Transmissions transmissions) : IBalanceRefunds
{
    /// <summary>Form 3601-C sent to the district MATS coordinator (§502.27(b)(3)).</summary>
    public const string DeviceBalanceTransmission = "form_3601c";

    public async Task<string> DeviceBalance(IbisDb db, DeviceBalanceClaim claim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claim);
        var refund = Refund.Request(Ids.New("rfd"), RefundKind.DeviceBalance);
        var amount = Mills.FromMills(claim.AmountMills);
        var row = new RefundRequestRow
        {
            Id = refund.Id, Kind = refund.Kind, Status = refund.Status, LicenseeId = claim.LicenseeId, ProviderId = claim.ProviderId,
            DeviceId = claim.DeviceId, ActivityReportId = claim.ActivityReportId, Sandbox = claim.Sandbox, RequestedBy = claim.RecordedBy,
            ListedMills = claim.AmountMills, QualifyingMills = claim.AmountMills, AccountId = claim.AccountId, CreatedAt = claim.At,
        };
        db.RefundRequests.Add(row);
        var at = claim.At;
        await RefundRecords.Record(db, row, "requested", claim.RecordedBy, $"device {claim.DeviceId} checked out holding {amount.ToDollarString()} (39 CFR 502.27(b))", at, ct);
        refund.BeginReview();
        row.ReviewedAt = at;
        var notice = claim.NoticeDescendingMills is { } n ? $"reconciled with the {Mills.FromMills(n).ToDollarString()} noted at the licensee's notice" : "no notice DR was noted";
        await RefundRecords.Record(db, row, "under_review", claim.RecordedBy, $"final registers verified against their seal; {notice} (39 CFR 502.27(b)(1))", at, ct);
        refund.Certify(claim.SignedBy, amount);
        Certified(row, refund, claim.SignedBy, claim.RecordedBy, amount, at, $"3601-C|{claim.ActivityReportId}|{claim.DeviceId}|{claim.NoticeDescendingMills}");
        var sent = transmissions.Add(db, DeviceBalanceTransmission, row.Id, row.ProviderId, at, new Dictionary<string, object?>
        {
            ["type"] = "ibis.form_3601c.v1",
            ["refund_id"] = row.Id,
            ["activity_report_id"] = claim.ActivityReportId,
            ["licensee_id"] = claim.LicenseeId,
            ["device_id"] = claim.DeviceId,
            ["section_f_validated_refund"] = amount.ToString(),
            ["section_g_signed_by"] = claim.SignedBy,
            ["certification_sha256"] = row.CertificationDigest,
            ["certified_at"] = at.ToString("O", CultureInfo.InvariantCulture),
        });
        row.TransmissionId = sent.Id;
        row.SentAt = at;
        await RefundRecords.Record(db, row, "certified", claim.RecordedBy, $"{amount.ToDollarString()} validated in section F, section G signed by {claim.SignedBy} (39 CFR 502.27(b)(2))", at, ct);
        await RefundRecords.Record(db, row, "sent", claim.RecordedBy, $"Form 3601-C sent to the district MATS coordinator ({sent.Id}) (39 CFR 502.27(b)(3))", at, ct);
        return row.Id;
    }

    public async Task AccountBalance(IbisDb db, AccountBalanceClaim claim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claim);
        var refund = Refund.Request(claim.RefundId, RefundKind.AccountBalance);
        var amount = Mills.FromMills(claim.AmountMills);
        var at = claim.At;
        var row = new RefundRequestRow
        {
            Id = refund.Id, Kind = refund.Kind, Status = refund.Status, LicenseeId = claim.LicenseeId, ProviderId = claim.ProviderId,
            Sandbox = claim.Sandbox, RequestedBy = claim.RecordedBy, ListedMills = claim.AmountMills, QualifyingMills = claim.AmountMills,
            AccountId = claim.AccountId, LedgerTransactionId = claim.LedgerTransactionId, CreatedAt = at,
        };
        db.RefundRequests.Add(row);
        await RefundRecords.Record(db, row, "requested", claim.RecordedBy,
            $"written request dated {claim.RequestedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to close account {claim.AccountId} (39 CFR 502.27(c)(1))", at, ct);
        refund.BeginReview();
        row.ReviewedAt = at;
        await RefundRecords.Record(db, row, "under_review", claim.RecordedBy, "no pending deposit, no device holding postage, no refund pending; any advance repaid", at, ct);
        refund.Certify(claim.RecordedBy, amount);
        Certified(row, refund, claim.RecordedBy, claim.RecordedBy, amount, at, $"closing|{claim.AccountId}|{claim.Payee}|{claim.RequestedOn:yyyy-MM-dd}");
        row.TransmissionId = claim.TransmissionId;
        row.SentAt = at;
        await RefundRecords.Record(db, row, "certified", claim.RecordedBy, $"{amount.ToDollarString()} to be paid by check to {claim.Payee}", at, ct);
        await RefundRecords.Record(db, row, "sent", claim.RecordedBy, $"the Minneapolis Accounting Service Center notified ({claim.TransmissionId}) (39 CFR 502.27(c)(2))", at, ct);
    }

    public async Task<IReadOnlyList<string>> Unsettled(IbisDb db, string licenseeId, bool sandbox, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        RefundStatus[] settled = [RefundStatus.Paid, RefundStatus.Rejected];
        return await db.RefundRequests.AsNoTracking()
            .Where(r => r.LicenseeId == licenseeId && r.Sandbox == sandbox && !settled.Contains(r.Status))
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
    }

    private static void Certified(RefundRequestRow row, Refund refund, string signer, string recordedBy, Mills amount, DateTimeOffset at, string what)
    {
        row.Status = refund.Status;
        row.CertifiedBy = signer;
        row.CertifiedByUser = recordedBy;
        row.CertifiedMills = amount.Value;
        row.CertifiedAt = at;
        var text = $"{row.Id}\n{signer}\n{amount}\n{at.ToString("O", CultureInfo.InvariantCulture)}\n{what}";
        row.CertificationDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
