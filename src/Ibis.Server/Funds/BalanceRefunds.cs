using Ibis.Data;

namespace Ibis.Server.Funds;

/// <summary>
/// §502.27(b): a device checked out with postage left in its descending register. The provider verified
/// the balance against the DR noted at the licensee's notice (b)(1), noted it in section F of Form 3601-C
/// and signed section G (b)(2); the form goes to the district MATS coordinator (b)(3), who arranges the
/// credit (b)(4) — so the credit waits for the coordinator's approval.
/// </summary>
public sealed record DeviceBalanceClaim(
    string DeviceId, string LicenseeId, string ProviderId, string AccountId, string ActivityReportId, bool Sandbox,
    long AmountMills, long? NoticeDescendingMills, string SignedBy, string RecordedBy, DateTimeOffset At);

/// <summary>
/// §502.27(c): the licensee's written request to close (c)(1); the provider notified the Minneapolis
/// Accounting Service Center (c)(2) — the transmission — and the balance left the closed account for
/// the refund-by-check book (the ledger transaction); the accounting centre has the check issued (c)(3).
/// </summary>
public sealed record AccountBalanceClaim(
    string RefundId, string AccountId, string LicenseeId, string ProviderId, bool Sandbox, long AmountMills, string Payee,
    DateOnly RequestedOn, string RecordedBy, string TransmissionId, string LedgerTransactionId, DateTimeOffset At);

/// <summary>
/// How Funds and Psd hand their balances to the one refund process of §502.27 without depending on
/// it: the refunds module implements this, the composition root registers it. Funds owns the ledger;
/// the refund module owns the state machine.
/// </summary>
public interface IBalanceRefunds
{
    /// <summary>Records the device-balance refund, certified and sent to the district; returns its id.</summary>
    Task<string> DeviceBalance(IbisDb db, DeviceBalanceClaim claim, CancellationToken ct);

    /// <summary>Records the account-balance refund of a closing, certified and sent to the accounting centre.</summary>
    Task AccountBalance(IbisDb db, AccountBalanceClaim claim, CancellationToken ct);

    /// <summary>The licensee's refunds not yet paid or rejected (they would credit the account being closed).</summary>
    Task<IReadOnlyList<string>> Unsettled(IbisDb db, string licenseeId, bool sandbox, CancellationToken ct);
}
