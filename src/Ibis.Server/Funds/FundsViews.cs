using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;

namespace Ibis.Server.Funds;

public sealed record AccountView(
    string Id, string Object, string LicenseeId, string Status, MoneyView Balance, MoneyView AdvanceLimit, MoneyView AdvanceOutstanding,
    MoneyView AvailableForResets, bool MonthlyStatement, DateTimeOffset? DepositRequirementAcknowledgedAt, DateTimeOffset? ClosingRequestedAt,
    DateTimeOffset? ClosedAt, DateTimeOffset CreatedAt)
{
    public static AccountView From(DepositAccountRow a) => new(
        a.Id, "deposit_account", a.LicenseeId, a.Status.ToText(), MoneyView.OfMills(a.BalanceMills), MoneyView.OfMills(a.AdvanceLimitMills),
        MoneyView.OfMills(a.AdvanceOutstandingMills),
        MoneyView.OfMills(checked(a.BalanceMills + Math.Max(0, a.AdvanceLimitMills - a.AdvanceOutstandingMills))),
        a.MonthlyStatement, a.DepositRequirementAcknowledgedAt, a.ClosingRequestedAt, a.ClosedAt, a.CreatedAt);
}

public sealed record DepositView(
    string Id, string Object, string AccountId, string Method, MoneyView Amount, string Status, string? PaymentReference,
    string? Instrument, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt)
{
    public static DepositView From(DepositRow d) => new(
        d.Id, "deposit", d.AccountId, d.Method, MoneyView.OfMills(d.AmountMills), d.Status.ToText(), d.PaymentReference, d.InstrumentMasked,
        d.FailureReason, d.CreatedAt, d.SettledAt);
}

/// <summary>
/// A ledger line. <c>balance_after</c> is the balance of the line's own book after it (a line on the
/// advance book shows the advance outstanding, not the deposit); <c>account_balance_after</c> is the
/// deposit balance after the whole transaction.
/// </summary>
public sealed record LedgerLineView(
    string Id, string Object, long Sequence, string TransactionId, string Book, MoneyView Amount, MoneyView BalanceAfter, MoneyView AccountBalanceAfter,
    string Cause, string CauseId, string? Memo, DateTimeOffset CreatedAt)
{
    public static LedgerLineView From(LedgerEntryRow e, long bookBalanceAfter) => new(
        e.Id, "ledger_entry", e.Sequence, e.TransactionId, e.Book, MoneyView.OfMills(e.AmountMills), MoneyView.OfMills(bookBalanceAfter),
        MoneyView.OfMills(e.BalanceAfterMills), e.Cause, e.CauseId, e.Memo, e.CreatedAt);
}

public sealed record AdvanceView(string Object, string AccountId, string Kind, MoneyView Amount, MoneyView AdvanceOutstanding, MoneyView Balance, string TransactionId);

public sealed record RefundView(string Id, string Object, string AccountId, string Kind, string Payee, MoneyView Amount, string Method, string RequestedOn, DateTimeOffset CreatedAt)
{
    public static RefundView From(RefundRow r) => new(
        r.Id, "refund", r.AccountId, r.Kind, r.Payee, MoneyView.OfMills(r.AmountMills), r.Method,
        r.RequestedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.CreatedAt);
}

public sealed record ClosingView(string Object, AccountView Account, RefundView Refund, string TransmissionId);

public sealed record PaymentMethodView(string Code, string Name, int Preference);

public sealed record AmountRequest(MoneyInput? Amount);
