namespace Ibis.Domain.Licensing;

/// <summary>Where a license (Form 3601-B) stands (P050 2.1, 2.3, 2.5e); stored as valid | revoked | superseded.</summary>
[StoredAsText]
public enum LicenseStatus
{
    /// <summary>Issued (P050 2.1): systems are leased, printed and reset under it (§502.20(c)).</summary>
    Valid,

    /// <summary>Revoked for a reason of P050 2.3 a–f; the licensee may appeal (P050 2.4).</summary>
    Revoked,

    /// <summary>Replaced by the license at the new post office after a move (P050 2.5e).</summary>
    Superseded,
}
