using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

/// <summary>A correction to one line of Part IV: the piece (by line or indicium id) and what the provider found.</summary>
public sealed record PieceAnnotation(int? Line, string? IndiciumId, string? Note);

public sealed record ReviewRefundCommand(IReadOnlyList<PieceAnnotation>? Annotations);

/// <summary>
/// §502.27(a)(2)–(3): the provider received the pieces and the Form 3533, scans them, and annotates
/// Part IV "to show corrections for nonqualifying pieces" — a piece that did not arrive, or is not what
/// was listed. An annotated piece no longer qualifies and is given back (it was never refunded).
/// </summary>
public sealed class ReviewRefund(IbisDb db, CommandPipeline pipeline, TimeProvider clock, ILogger<ReviewRefund> log)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Provider);

    public Task<RefundView> Handle(Caller caller, string refundId, ReviewRefundCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await RefundRecords.LoadForUpdate(db, caller, refundId, ct);
        var refund = RefundRecords.Aggregate(row);
        var now = clock.GetUtcNow();
        if (refund.Status != RefundStatus.UnderReview)
        {
            refund.BeginReview();
            row.Status = refund.Status;
            row.ReviewedAt = now;
            await RefundRecords.Record(db, row, "under_review", caller.UserOrKeyId, "pieces received; the provider verifies them", now, ct);
        }
        foreach (var annotation in command.Annotations ?? [])
        {
            var note = (annotation.Note ?? "").Trim();
            if (note.Length is 0 or > 300)
                throw new BusinessRuleViolationException(new BrokenRule("annotation_required", "each annotation says what the provider found (note, 1 to 300 characters; 39 CFR 502.27(a)(3))", "annotations", RuleKind.BadInput));
            var piece = await db.RefundPieces.FirstOrDefaultAsync(p => p.RefundId == row.Id
                && (annotation.Line != null ? p.Line == annotation.Line : p.IndiciumId == annotation.IndiciumId), ct)
                ?? throw new BusinessRuleViolationException(new BrokenRule("refund_piece_not_found", $"refund {row.Id} lists no such piece", "annotations", RuleKind.NotFound));
            if (!piece.Qualifies) continue; // already a non-qualifying line with its own reason
            var rule = new PieceAnnotatedByProviderRule(note);
            piece.Qualifies = false;
            piece.ReasonCode = rule.Code;
            piece.Reason = rule.Message;
            piece.AnnotatedBy = caller.UserOrKeyId;
            row.QualifyingMills = checked(row.QualifyingMills - (piece.PostageMills ?? 0));
            await db.RefundedPieces.Where(p => p.IndiciumId == piece.IndiciumId && p.RefundId == row.Id).ExecuteDeleteAsync(ct);
            await RefundRecords.Record(db, row, "annotated", caller.UserOrKeyId, $"line {piece.Line}: {note}", now, ct);
        }
        RefundsLog.Reviewed(log, row.Id, row.Status.ToText());
        return await RefundRecords.View(db, row, ct);
    }, ct);
}
