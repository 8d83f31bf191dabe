namespace Ibis.Domain.Customers;

/// <summary>
/// What a Privacy Act request of system 820.100 asks: whether records are held about the requester, and
/// once the identity is verified what they hold (notice "Notification Procedure", "Record Access
/// Procedures"), or that a record be amended ("Contesting Record Procedures"). Stored as inquiry | amendment.
/// </summary>
[StoredAsText]
public enum PrivacyRequestKind
{
    Inquiry,
    Amendment,
}
