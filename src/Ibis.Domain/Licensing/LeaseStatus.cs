namespace Ibis.Domain.Licensing;

/// <summary>
/// Where a lease of an IBI system stands (§502.20(a)(c)(h), P050 1.3, 2.5i); stored as active | cancelled.
/// </summary>
[StoredAsText]
public enum LeaseStatus
{
    /// <summary>Signed, with its financial agreement for resetting: the devices it names print and are reset (P050 1.3, 3.1).</summary>
    Active,

    /// <summary>Cancelled by the provider (§502.20(h): the lessee's license was revoked); a new lease is signed, this one never comes back.</summary>
    Cancelled,
}
