namespace Ibis.Domain.Licensing;

/// <summary>
/// The lease of an IBI system (DESIGN §3): "The IBI system is available to licensees only through a lease
/// agreement from a USPS authorized Provider" (§502.7, P050 1.2). The provider holds title to what it leases
/// (§502.20(a)) and leases only to parties with valid licenses (§502.20(c)); the customer signs the lease,
/// which includes a financial agreement for resetting (P050 2.5i, 3.1); a license and a valid lease are
/// what the customer needs to use the system (P050 1.3). The provider cancels the lease of a lessee whose
/// license is revoked (§502.20(h)). The aggregate holds what a lease holds and refuses every move the rule
/// does not allow; the server loads it from its row, calls a verb and stores <see cref="Status"/> back.
/// </summary>
public sealed class Lease
{
    private Lease(string id, string providerId, string licenseeId, string licenseId, string signedBy, DateOnly signedOn, string resettingAccountId, LeaseStatus status)
    {
        Id = id;
        ProviderId = providerId;
        LicenseeId = licenseeId;
        LicenseId = licenseId;
        SignedBy = signedBy;
        SignedOn = signedOn;
        ResettingAccountId = resettingAccountId;
        Status = status;
    }

    public string Id { get; }

    /// <summary>The lessor: the authorized provider, which keeps title to the system (§502.20(a)).</summary>
    public string ProviderId { get; }

    /// <summary>The lessee.</summary>
    public string LicenseeId { get; }

    /// <summary>The lessee's license, valid when the lease was signed (§502.20(c)).</summary>
    public string LicenseId { get; }

    /// <summary>Who signed for the customer (P050 2.5i: "a signed lease agreement").</summary>
    public string SignedBy { get; }

    public DateOnly SignedOn { get; }

    /// <summary>The financial agreement for resetting: the deposit account resets are paid from (P050 2.5i, 3.1).</summary>
    public string ResettingAccountId { get; }

    public LeaseStatus Status { get; private set; }

    /// <summary>Why the provider cancelled the lease; null while it is active.</summary>
    public string? CancelReason { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>A lease as stored; its content was checked when it was signed.</summary>
    public static Lease Load(string id, string providerId, string licenseeId, string licenseId, string signedBy, DateOnly signedOn, string resettingAccountId,
        LeaseStatus status, string? cancelReason = null, DateTimeOffset? cancelledAt = null) =>
        new(id, providerId, licenseeId, licenseId, signedBy, signedOn, resettingAccountId, status) { CancelReason = cancelReason, CancelledAt = cancelledAt };

    /// <summary>
    /// A new lease, active from its signature. The caller has checked that the provider leases (§502.20(a)) and
    /// found the lessee's <paramref name="license"/>. "Lease systems only to parties that have valid licenses"
    /// (§502.20(c); §502.7, P050 1.2: the system is available to licensees only through a lease): the license must
    /// be valid; then the lease must be signed and dated and include the financial agreement for resetting
    /// (P050 2.5i, 3.1), checked in that order.
    /// </summary>
    public static Lease Sign(string id, string providerId, string licenseeId, License license, string? signedBy, DateOnly? signedOn, string? resettingAccountId)
    {
        ArgumentNullException.ThrowIfNull(license);
        Rules.Check(new LicenseMustBeValidForRule(license.Id, license.Status, LicenseAct.Lease));
        var signatory = signedBy?.Trim();
        Rules.Check(new LeaseMustBeSignedRule(signatory));
        Rules.Check(new LeaseMustBeDatedRule(signedOn));
        Rules.Check(new LeaseMustIncludeFinancialAgreementRule(resettingAccountId));
        return new(id, providerId, licenseeId, license.Id, signatory!, signedOn!.Value, resettingAccountId!, LeaseStatus.Active);
    }

    /// <summary>§502.20(h): the provider cancels the lease agreement (a revoked license); a cancelled lease is not reinstated — a new one is signed.</summary>
    public void Cancel(string reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        MoveTo(LeaseStatus.Cancelled);
        CancelReason = reason;
        CancelledAt = at;
    }

    private void MoveTo(LeaseStatus to)
    {
        Rules.Check(new LeaseTransitionMustBeAllowedRule(Id, Status, to));
        Status = to;
    }
}
