namespace Ibis.Domain.Funds;

/// <summary>
/// Where a deposit into a CMRS (deposit) account stands (P050 3.5a, §502.25); stored as pending | confirmed | failed.
/// </summary>
[StoredAsText]
public enum DepositStatus
{
    /// <summary>Recorded with its payment instruction; nothing is credited until the payment clears.</summary>
    Pending,

    /// <summary>The payment cleared: the deposit account was credited.</summary>
    Confirmed,

    /// <summary>Declined, or returned by the bank (an ACH return reverses a credit already made).</summary>
    Failed,
}
