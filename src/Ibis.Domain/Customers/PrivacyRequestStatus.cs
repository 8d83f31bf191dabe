namespace Ibis.Domain.Customers;

/// <summary>
/// Where a Privacy Act request of system 820.100 stands (notice "Notification Procedure", "Record Access
/// Procedures", "Contesting Record Procedures"). Stored as received | verified | answered | accepted | refused.
/// </summary>
[StoredAsText]
public enum PrivacyRequestStatus
{
    /// <summary>The inquiry or amendment request is logged; nothing is disclosed yet.</summary>
    Received,

    /// <summary>Staff verified the requester's identity (39 CFR 266.6).</summary>
    Verified,

    /// <summary>An inquiry whose report of the records held was produced (Record Access Procedures).</summary>
    Answered,

    /// <summary>An amendment accepted: the record is corrected, its earlier version kept.</summary>
    Accepted,

    /// <summary>An amendment refused, with its reasons recorded.</summary>
    Refused,
}
