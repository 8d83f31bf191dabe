using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

public sealed record CertifyRefundCommand(string? SignedBy);

/// <summary>
/// §502.27(a)(4)–(5), (7): an individual authorized by the provider certifies the amount by signing
/// Part IV; Ibis records who signed, which user recorded it and the SHA-256 of exactly what was signed
/// (every line of Part IV and the amount), and sends the form to the district's MATS coordinator (a
/// transmission). From that moment the pieces are retained 45 days for a Postal Service audit.
/// </summary>
public sealed class CertifyRefund(IbisDb db, CommandPipeline pipeline, Transmissions transmissions, TimeProvider clock, ILogger<CertifyRefund> log)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Provider);

    public const string TransmissionKind = "form_3533";

    public Task<RefundView> Handle(Caller caller, string refundId, CertifyRefundCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await RefundRecords.Load(db, caller, refundId, ct);
        var provider = await db.Providers.AsNoTracking().FirstAsync(p => p.Id == row.ProviderId, ct);
        Rules.Check(new ProviderMustBeAuthorizedRule(provider.Id, provider.Status));
        var refund = RefundRecords.Aggregate(row);
        var amount = Mills.FromMills(row.QualifyingMills);
        // Nothing to certify is said first; only a refund with something to pay waits for the receipt.
        Rules.Check(new CertifiedAmountMustBePositiveRule(row.Id, amount));
        Rules.Check(new CertificationRequiresReceiptRule(row.Id, refund.Kind, row.ReceivedAt));
        refund.Certify(command.SignedBy, amount);
        var now = clock.GetUtcNow();
        var signer = command.SignedBy!.Trim();
        var pieces = await db.RefundPieces.AsNoTracking().Where(p => p.RefundId == row.Id).OrderBy(p => p.Line).ToListAsync(ct);
        var part = RefundView.PartFourOf(pieces);

        row.Status = refund.Status;
        row.ReviewedAt ??= now;
        row.CertifiedBy = signer;
        row.CertifiedByUser = caller.UserOrKeyId;
        row.CertifiedMills = amount.Value;
        row.CertifiedAt = now;
        row.CertificationDigest = Digest(row.Id, signer, amount, pieces.Select(p => $"{p.Line}|{p.IndiciumId}|{p.PostageMills}|{p.Qualifies}|{p.ReasonCode}"), now);
        var sent = transmissions.Add(db, TransmissionKind, row.Id, row.ProviderId, now, new Dictionary<string, object?>
        {
            ["type"] = "ibis.form_3533.v1",
            ["refund_id"] = row.Id,
            ["licensee_id"] = row.LicenseeId,
            ["device_id"] = row.DeviceId,
            ["part_iv"] = part.Groups.Select(g => new Dictionary<string, object?>
            {
                ["postage_value"] = g.PostageValue.ToString(), ["pieces"] = g.Pieces, ["total"] = g.Total.ToString(),
            }).ToList(),
            ["total"] = part.GrandTotal.ToString(),
            ["non_qualifying"] = part.NonQualifying.Select(p => new Dictionary<string, object?> { ["line"] = p.Line, ["reason"] = p.ReasonCode }).ToList(),
            ["certified_by"] = signer,
            ["certification_sha256"] = row.CertificationDigest,
            ["certified_at"] = now.ToString("O", CultureInfo.InvariantCulture),
        });
        row.TransmissionId = sent.Id;
        row.SentAt = now;
        row.RetainUntil = Refund.RetainUntil(now);
        await RefundRecords.Record(db, row, "certified", caller.UserOrKeyId, $"{amount.ToDollarString()} certified by {signer}", now, ct);
        await RefundRecords.Record(db, row, "sent", caller.UserOrKeyId, $"Form 3533 sent to the district MATS coordinator ({sent.Id}); pieces retained until {row.RetainUntil:yyyy-MM-dd}", now, ct);
        RefundsLog.Certified(log, row.Id, row.CertifiedMills ?? 0);
        return await RefundRecords.View(db, row, ct);
    }, ct);

    private static string Digest(string refundId, string signer, Mills amount, IEnumerable<string> lines, DateTimeOffset at)
    {
        var text = new StringBuilder()
            .Append(refundId).Append('\n').Append(signer).Append('\n').Append(amount.ToString()).Append('\n')
            .Append(at.ToString("O", CultureInfo.InvariantCulture)).Append('\n')
            .AppendJoin('\n', lines);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
