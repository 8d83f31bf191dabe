using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>The licensee's Form 3533 for unused postage: the device, the pieces by id, and/or scans of the pieces.</summary>
public sealed record RequestRefundCommand(string? DeviceId, IReadOnlyList<string>? Indicia, IReadOnlyList<ScanUpload>? Scans);

/// <summary>
/// §502.27(a)(1)–(3), P050 3.3: the licensee asks a refund of unused pieces, listed by id or as scans
/// of the pieces. Every piece is verified at once and answered — qualifies, or the reason it does not
/// (read, listed once, live postage, the licensee's own, signature, device, not refunded before, 30
/// days old or less, unused). Each qualifying piece is claimed in the refunded-pieces table, whose key
/// on the indicium lets the database refuse a second claim even when two requests race; a request
/// that lost such a race is run again and then finds the piece refunded. A request in which nothing
/// qualifies is rejected at once with that reason.
/// </summary>
public sealed class RequestRefund(IbisDb db, CommandPipeline pipeline, PieceInspectionReads inspection, TimeProvider clock)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Licensee);

    public const string NothingQualifies = "nothing_qualifies";

    public async Task<RefundView> Handle(Caller caller, RequestRefundCommand command, CancellationToken ct)
    {
        Access.Authorize(caller);
        var ids = command.Indicia ?? [];
        var scans = command.Scans ?? [];
        Rules.Check(new RefundRequestMustListPiecesRule(ids.Count, scans.Count));
        Rules.Check(new RefundRequestMustBeBoundedRule(ids.Count, scans.Count));
        // Decoding is CPU work on untrusted files: done before the transaction, which then only verifies.
        var pages = ScannedPages.Read(scans);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await pipeline.Run(caller, Access, ct => Create(caller, command.DeviceId, ids, pages, ct), ct);
            }
            catch (DbUpdateException e) when (attempt < 3 && RefundClaims.IsDuplicateClaim(e))
            {
                // Another request claimed one of these pieces first; run again and it is already refunded.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<RefundView> Create(Caller caller, string? deviceId, IReadOnlyList<string> ids, IReadOnlyList<ScannedPage> pages, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var licensee = await db.Licensees.AsNoTracking().FirstAsync(l => l.Id == caller.LicenseeId, ct);
        if (deviceId is not null) deviceId = (await DeviceAccess.LoadVisible(db, caller, deviceId, ct)).Id;

        var refund = Refund.Request(Ids.New("rfd"), RefundKind.UnusedPostage);
        var row = new RefundRequestRow
        {
            Id = refund.Id, Kind = refund.Kind, Status = refund.Status, LicenseeId = licensee.Id, ProviderId = licensee.ProviderId,
            DeviceId = deviceId, Sandbox = caller.IsSandbox, RequestedBy = caller.UserOrKeyId, CreatedAt = now,
        };
        db.RefundRequests.Add(row);

        var listed = new HashSet<string>(StringComparer.Ordinal);
        var pieces = new List<InspectedPiece>();
        foreach (var id in ids)
            pieces.Add(await inspection.Selected(caller, id ?? "", deviceId, today, !listed.Add(id ?? ""), ct));
        foreach (var page in pages)
        {
            db.RefundPages.Add(new RefundPageRow { RefundId = row.Id, Number = page.Number, Name = Trim(page.Name, 300), Symbols = page.Symbols.Count, Error = page.Error });
            foreach (var symbol in page.Symbols)
                pieces.Add(await inspection.Scanned(caller, Trim(page.Name, 300), symbol, deviceId, today, key => !listed.Add(key), ct));
        }

        var line = 0;
        long listedMills = 0, qualifyingMills = 0;
        var qualifying = 0;
        foreach (var piece in pieces)
        {
            var verdict = PieceAssessment.Judge(piece.Facts);
            var indicium = piece.Indicium;
            db.RefundPieces.Add(new RefundPieceRow
            {
                RefundId = row.Id, Line = ++line, IndiciumId = indicium?.Id, ListedAs = Trim(piece.ListedAs, 300), Source = piece.Source,
                DeviceId = indicium?.DeviceId, PostageMills = indicium?.PostageMills, MailingDate = indicium?.MailingDate,
                Qualifies = verdict.Qualifies, ReasonCode = verdict.ReasonCode, Reason = verdict.Reason,
            });
            if (indicium is null) continue;
            listedMills = checked(listedMills + indicium.PostageMills);
            if (!verdict.Qualifies) continue;
            qualifyingMills = checked(qualifyingMills + indicium.PostageMills);
            qualifying++;
            db.RefundedPieces.Add(new RefundedPieceRow
            {
                IndiciumId = indicium.Id, RefundId = row.Id, DeviceId = indicium.DeviceId, PieceNumber = indicium.PieceNumber,
                PostageMills = indicium.PostageMills, ClaimedAt = now,
            });
        }
        row.ListedMills = listedMills;
        row.QualifyingMills = qualifyingMills;
        var unreadable = pages.Count(p => !p.Readable);
        await RefundRecords.Record(db, row, "requested", caller.UserOrKeyId,
            $"{line} pieces listed, {qualifying} qualify ({Domain.Money.Mills.FromMills(qualifyingMills).ToDollarString()})" + (unreadable > 0 ? $"; {unreadable} page(s) unreadable" : ""), now, ct);

        if (qualifyingMills == 0)
        {
            const string reason = "no listed piece qualifies for a refund; each piece's reason is given (39 CFR 502.27(a))";
            refund.Reject(reason);
            row.Status = refund.Status;
            row.RejectionCode = NothingQualifies;
            row.RejectionReason = reason;
            row.RejectedAt = now;
            await RefundRecords.Record(db, row, "rejected", "ibis", reason, now, ct);
        }
        return await RefundRecords.View(db, row, ct);
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>Recognises the database refusing a second claim of one indicium (the refunded-pieces key).</summary>
internal static class RefundClaims
{
    public static bool IsDuplicateClaim(DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };
}
