namespace Ibis.Domain.Licensing;

/// <summary>
/// Where a Form 3601-A stands (P050 2.1–2.2, §502.20(b)); stored as
/// submitted | transmitted | approved | refused | withdrawn.
/// </summary>
[StoredAsText]
public enum LicenseApplicationStatus
{
    /// <summary>The applicant gave its provider the completed form (P050 2.1).</summary>
    Submitted,

    /// <summary>The provider transmitted it to the Postal Service (§502.20(b)); the licensing official decides it.</summary>
    Transmitted,

    /// <summary>Approved: a license (Form 3601-B) was issued, or the licence it updates revised (P050 2.1, 2.5e).</summary>
    Approved,

    /// <summary>Refused for a reason of P050 2.2; the applicant may appeal (P050 2.4).</summary>
    Refused,

    /// <summary>Taken back by the applicant before a decision.</summary>
    Withdrawn,
}
