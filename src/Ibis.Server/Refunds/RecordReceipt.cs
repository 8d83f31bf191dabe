using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Indicia;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>
/// §502.27(a)(2)–(3): the provider scans the pieces it physically received with the Form 3533 (the same
/// page reader as the licensee's upload). Each piece read is matched to Part IV: a listed piece is
/// confirmed; a qualifying piece not received is annotated <c>not_received</c> and given back (it was
/// never refunded); a piece received but not asked for is reported, never paid; an unreadable page is
/// named. The refund is then under review, and only now may it be certified.
/// </summary>
public sealed class RecordReceipt(IbisDb db, CommandPipeline pipeline, TimeProvider clock, ILogger<RecordReceipt> log)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Provider);

    public async Task<RefundView> Handle(Caller caller, string refundId, IReadOnlyList<ScanUpload> scans, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scans);
        Access.Authorize(caller);
        Rules.Check(new ReceiptMustHoldScansRule(scans.Count));
        // Decoding is CPU work on files: before the transaction, which then only matches.
        var pages = ScannedPages.Read(scans);
        return await pipeline.Run(caller, Access, ct => Record(caller, refundId, pages, ct), ct);
    }

    private async Task<RefundView> Record(Caller caller, string refundId, IReadOnlyList<ScannedPage> pages, CancellationToken ct)
    {
        var row = await RefundRecords.LoadForUpdate(db, caller, refundId, ct);
        var refund = RefundRecords.Aggregate(row);
        Rules.Check(new ReceiptMustBeOpenRule(row.Id, refund.Kind, row.ReceivedAt));
        var now = clock.GetUtcNow();
        if (refund.Status == RefundStatus.Requested)
        {
            refund.BeginReview();
            row.Status = refund.Status;
            row.ReviewedAt = now;
            await RefundRecords.Record(db, row, "under_review", caller.UserOrKeyId, "pieces received; the provider verifies them", now, ct);
        }
        else if (refund.Status != RefundStatus.UnderReview)
            Rules.Check(new RefundTransitionMustBeAllowedRule(row.Id, refund.Status, RefundStatus.UnderReview));

        var lines = await db.RefundPieces.Where(p => p.RefundId == row.Id).OrderBy(p => p.Line).ToListAsync(ct);
        var lineOf = lines.Where(p => p.IndiciumId is not null).GroupBy(p => p.IndiciumId!).ToDictionary(g => g.Key, g => g.First());
        var confirmed = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        var (notAskedFor, unreadable) = (0, 0);
        foreach (var page in pages)
        {
            if (!page.Readable)
            {
                unreadable++;
                db.RefundReceipts.Add(new RefundReceiptRow { RefundId = row.Id, Number = ++number, Page = Trim(page.Name), Outcome = "unreadable", Detail = Trim(page.Error ?? "") });
                continue;
            }
            foreach (var symbol in page.Symbols)
            {
                var indicium = await IndiciumOf(symbol, row.LicenseeId, ct);
                var receipt = new RefundReceiptRow { RefundId = row.Id, Number = ++number, Page = Trim(page.Name), Outcome = "not_asked_for", IndiciumId = indicium?.Id };
                if (indicium is not null && !indicium.Data.AsSpan().SequenceEqual(symbol))
                {
                    // Same device and piece number, other bytes: an altered copy does not confirm the piece.
                    receipt.Outcome = "altered";
                    receipt.Detail = "the barcode differs from the indicium the device printed";
                }
                else if (indicium is not null && lineOf.TryGetValue(indicium.Id, out var line))
                {
                    receipt.Line = line.Line;
                    receipt.Outcome = confirmed.Add(indicium.Id) ? "confirmed" : "received_twice";
                }
                else
                {
                    notAskedFor++;
                    // Reported to the provider, never paid: a piece not on the form is not part of this refund.
                    receipt.Detail = indicium is null ? "not one of the licensee's indicia" : "the licensee's piece, not listed on this Form 3533";
                }
                db.RefundReceipts.Add(receipt);
            }
        }

        var missing = 0;
        foreach (var line in lines.Where(p => p.Qualifies && p.IndiciumId is not null && !confirmed.Contains(p.IndiciumId)))
        {
            var rule = new PieceMustBeReceivedRule(false);
            line.Qualifies = false;
            line.ReasonCode = rule.Code;
            line.Reason = rule.Message;
            line.AnnotatedBy = caller.UserOrKeyId;
            row.QualifyingMills = checked(row.QualifyingMills - (line.PostageMills ?? 0));
            await db.RefundedPieces.Where(p => p.IndiciumId == line.IndiciumId && p.RefundId == row.Id).ExecuteDeleteAsync(ct);
            missing++;
        }
        row.ReceivedAt = now;
        row.ReceivedBy = caller.UserOrKeyId;
        await RefundRecords.Record(db, row, "received", caller.UserOrKeyId,
            $"{number - unreadable} piece(s) read on {pages.Count} page(s): {confirmed.Count} confirmed, {missing} listed but not received, {notAskedFor} received but not asked for"
            + (unreadable > 0 ? $", {unreadable} page(s) unreadable" : ""), now, ct);
        RefundsLog.Reviewed(log, row.Id, row.Status.ToText());
        return await RefundRecords.View(db, row, ct);
    }

    /// <summary>The licensee's indicium a scanned barcode is (by device and piece number), or null.</summary>
    private async Task<IndiciumRow?> IndiciumOf(byte[] barcode, string licenseeId, CancellationToken ct)
    {
        var parsed = IndiciumCodec.Parse(barcode);
        if (!parsed.Success) return null;
        int vendor = parsed.Value.Device.Vendor, model = parsed.Value.Device.Model;
        long serial = parsed.Value.Device.Serial, piece = parsed.Value.PieceCount;
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Vendor == vendor && d.Model == model && d.Serial == serial && d.LicenseeId == licenseeId, ct);
        return device is null ? null : await db.Indicia.AsNoTracking().FirstOrDefaultAsync(i => i.DeviceId == device.Id && i.PieceNumber == piece, ct);
    }

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300];
}
