using System.Globalization;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Refunds;
using Ibis.Server.Api;

namespace Ibis.Server.Refunds;

/// <summary>One listed piece and its verdict; <c>reason</c> is the stable code, <c>explanation</c> the sentence Part IV prints.</summary>
public sealed record RefundPieceView(int Line, string? IndiciumId, string ListedAs, string Source, string? DeviceId, MoneyView? Postage, string? MailingDate, bool Qualifies, string? Reason, string? Explanation, string? AnnotatedBy)
{
    public static RefundPieceView From(RefundPieceRow p) => new(
        p.Line, p.IndiciumId, p.ListedAs, p.Source, p.DeviceId, p.PostageMills is { } m ? MoneyView.OfMills(m) : null,
        p.MailingDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Qualifies, p.ReasonCode, p.Reason, p.AnnotatedBy);
}

public sealed record RefundPageView(int Number, string Name, bool Readable, int Indicia, string? Error);

public sealed record PartFourGroupView(MoneyView PostageValue, int Pieces, MoneyView Total);

/// <summary>Part IV of Form 3533 as JSON: the qualifying pieces grouped by postage value, each group's total and the grand total.</summary>
public sealed record PartFourView(IReadOnlyList<PartFourGroupView> Groups, int Pieces, MoneyView Total)
{
    public static PartFourView From(PartFour part) => new(
        part.Groups.Select(g => new PartFourGroupView(MoneyView.Of(g.PostageValue), g.Pieces, MoneyView.Of(g.Total))).ToList(), part.QualifyingPieces, MoneyView.Of(part.GrandTotal));
}

public sealed record RefundRejectionView(string Code, string Reason, DateTimeOffset? At);

public sealed record RefundCertificationView(string SignedBy, string RecordedBy, MoneyView Amount, string Digest, DateTimeOffset SignedAt, string? TransmissionId);

public sealed record RefundEventView(string Kind, string Actor, string? Detail, DateTimeOffset At);

/// <summary>The refund and its document: Form 3533 (unused postage), Form 3601-C (a device balance); a closing has none.</summary>
/// <summary>One piece the provider received (§502.27(a)(2)–(3)): the Part IV line it confirms, or why it confirms none.</summary>
public sealed record RefundReceiptPieceView(int Number, string Page, string Outcome, int? Line, string? IndiciumId, string? Detail);

public sealed record RefundReceiptView(DateTimeOffset ReceivedAt, string ReceivedBy, IReadOnlyList<RefundReceiptPieceView> Pieces);

/// <summary>The Postal Service's latest audit of the retained pieces (§502.27(a)(7)).</summary>
public sealed record RefundAuditView(DateTimeOffset AuditedAt, string AuditedBy, string Finding);

public sealed record RefundLinks(string Self, string? FormPdf);

public sealed record RefundView(
    string Id,
    string Object,
    string Kind,
    string Status,
    string Mode,
    string LicenseeId,
    string? DeviceId,
    MoneyView Listed,
    MoneyView Qualifying,
    IReadOnlyList<RefundPieceView> Pieces,
    IReadOnlyList<RefundPageView> Pages,
    PartFourView PartIv,
    RefundRejectionView? Rejection,
    RefundCertificationView? Certification,
    DateTimeOffset? RetainUntil,
    DateTimeOffset? PiecesDestroyedAt,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? PaidAt,
    string? AccountId,
    string? LedgerTransactionId,
    DateTimeOffset CreatedAt,
    IReadOnlyList<RefundEventView> History,
    RefundLinks Links,
    RefundReceiptView? Receipt,
    RefundAuditView? Audit)
{
    /// <summary>The decision in the API's one vocabulary: approved (approved or paid), rejected or pending (§502.27).</summary>
    public string Decision => Api.Decisions.Of(Status);

    public static RefundView From(RefundRequestRow r, IEnumerable<RefundPieceRow> pieces, IEnumerable<RefundPageRow> pages, IEnumerable<RefundEventRow> events, IEnumerable<RefundReceiptRow>? receipts = null)
    {
        var lines = pieces.OrderBy(p => p.Line).ToList();
        return new RefundView(
            r.Id, "refund", r.Kind.ToText(), r.Status.ToText(), r.Sandbox ? "test" : "live", r.LicenseeId, r.DeviceId,
            MoneyView.OfMills(r.ListedMills), MoneyView.OfMills(r.QualifyingMills),
            lines.Select(RefundPieceView.From).ToList(),
            pages.OrderBy(p => p.Number).Select(p => new RefundPageView(p.Number, p.Name, p.Error is null, p.Symbols, p.Error)).ToList(),
            PartFourView.From(PartFourOf(lines)),
            r.RejectionCode is null ? null : new RefundRejectionView(r.RejectionCode, r.RejectionReason ?? "", r.RejectedAt),
            r.CertifiedBy is null ? null : new RefundCertificationView(r.CertifiedBy, r.CertifiedByUser ?? "", MoneyView.OfMills(r.CertifiedMills ?? 0), r.CertificationDigest ?? "", r.CertifiedAt!.Value, r.TransmissionId),
            r.RetainUntil, r.PiecesDestroyedAt, r.ApprovedAt, r.PaidAt, r.AccountId, r.LedgerTransactionId, r.CreatedAt,
            events.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => new RefundEventView(e.Kind, e.Actor, e.Detail, e.CreatedAt)).ToList(),
            new RefundLinks($"/v1/refunds/{r.Id}", r.Kind switch
            {
                RefundKind.DeviceBalance => r.ActivityReportId is null ? null : $"/v1/activity-reports/{r.ActivityReportId}.pdf",
                RefundKind.AccountBalance => null,
                _ => $"/v1/refunds/{r.Id}/form.pdf",
            }),
            r.ReceivedAt is { } received
                ? new RefundReceiptView(received, r.ReceivedBy ?? "", (receipts ?? []).OrderBy(x => x.Number).Select(x => new RefundReceiptPieceView(x.Number, x.Page, x.Outcome, x.Line, x.IndiciumId, x.Detail)).ToList())
                : null,
            r.AuditedAt is { } audited ? new RefundAuditView(audited, r.AuditedBy ?? "", r.AuditFinding ?? "") : null);
    }

    public static PartFour PartFourOf(IEnumerable<RefundPieceRow> pieces) => PartFour.Of(pieces.Select(p => new PartFourPiece(
        p.Line, p.IndiciumId, p.PostageMills is { } m ? Mills.FromMills(m) : null, p.Qualifies, p.ReasonCode, p.Reason, p.ListedAs)));
}
