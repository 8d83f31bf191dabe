using System.Globalization;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;

namespace Ibis.Server.Psd;

public sealed record ResetView(
    string Id, string Object, string DeviceId, long Sequence, MoneyView Amount, MoneyView AscendingRegister, MoneyView DescendingRegister,
    MoneyView ControlTotal, string AccountId, MoneyView AccountBalance, string? AuditId, string Record, string Signature, DateTimeOffset CreatedAt)
{
    public static ResetView From(ResetRow r) => new(
        r.Id, "reset", r.DeviceId, r.Sequence, MoneyView.OfMills(r.AmountMills), MoneyView.OfMills(r.AscendingAfterMills),
        MoneyView.OfMills(r.DescendingAfterMills), MoneyView.OfMills(r.ControlTotalAfterMills), r.AccountId,
        MoneyView.OfMills(r.AccountBalanceAfterMills), r.AuditId, Convert.ToBase64String(r.Record), Convert.ToBase64String(r.Signature), r.CreatedAt);
}

public sealed record AuditView(
    string Id, string Object, string DeviceId, string Kind, string Result, IReadOnlyList<string> Reasons, string Nonce, string Message,
    string Signature, DateTimeOffset CreatedAt)
{
    public static AuditView From(AuditRow a) => new(
        a.Id, "audit", a.DeviceId, a.Kind, a.Passed ? "passed" : "failed",
        a.Reasons is null ? [] : a.Reasons.Split("; "), Convert.ToHexStringLower(a.Nonce), Convert.ToBase64String(a.Message),
        Convert.ToBase64String(a.Signature), a.CreatedAt);
}

public sealed record AuditChallengeView(string Object, string DeviceId, string Nonce, DateTimeOffset ExpiresAt);

public sealed record AuditMessageView(string Object, string DeviceId, string Nonce, string Message, string Signature);

/// <param name="Status">open, investigating or resolved (Ibis.Domain.Reporting.CaseStatus).</param>
/// <param name="Finding">The resolver's finding (Ibis.Domain.Reporting.CaseFinding), with its note.</param>
public sealed record CaseView(string Id, string Object, string DeviceId, string Kind, string Detail, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt,
    string Status, DateTimeOffset? InvestigationStartedAt, string? InvestigatedBy, string? Finding, string? ResolutionNote, string? ResolvedBy)
{
    public static CaseView From(CaseRow c) => new(c.Id, "case", c.DeviceId, c.Kind, c.Detail, c.CreatedAt, c.ResolvedAt,
        Domain.Reporting.CaseStatuses.Of(c.InvestigationStartedAt, c.ResolvedAt).ToText(), c.InvestigationStartedAt, c.InvestigatedBy, c.Finding, c.ResolutionNote, c.ResolvedBy);
}

public sealed record ActivityReportView(
    string Id, string Object, string Form, string DeviceId, MoneyView AscendingRegister, MoneyView DescendingRegister, MoneyView ControlTotal,
    long PieceCount, MoneyView RefundDue, string Reason, DateTimeOffset CreatedAt,
    MoneyView? NoticeDescendingRegister, MoneyView ValidatedRefund, string? CreditedAccountId, string? LedgerTransactionId, string? SignedBy, string Pdf,
    bool RegistersValidated, string? RegistersNotValidatedReason, string? RefundId,
    DateTimeOffset? ExaminationValidatedAt = null, string? ExaminedBy = null, string? ExaminationFindings = null)
{
    public static ActivityReportView From(ActivityReportRow a) => new(
        a.Id, "activity_report", "3601-C", a.DeviceId, MoneyView.OfMills(a.AscendingMills), MoneyView.OfMills(a.DescendingMills),
        MoneyView.OfMills(a.ControlTotalMills), a.PieceCount, MoneyView.OfMills(a.RefundDueMills), a.Reason, a.CreatedAt,
        a.NoticeDescendingMills is { } n ? MoneyView.OfMills(n) : null, MoneyView.OfMills(a.ValidatedRefundMills), a.AccountId, a.LedgerTransactionId, a.SignedBy,
        $"/v1/activity-reports/{a.Id}.pdf", a.RegistersNotValidatedReason is null, a.RegistersNotValidatedReason, a.RefundId,
        a.ExaminationValidatedAt, a.ExaminedBy, a.ExaminationFindings);
}

internal static class Formats
{
    public static string Hex(byte[] b) => Convert.ToHexStringLower(b);

    public static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
