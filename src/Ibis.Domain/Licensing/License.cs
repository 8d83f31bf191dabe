namespace Ibis.Domain.Licensing;

/// <summary>
/// The license aggregate (Form 3601-B, P050 2.1): issued valid, revoked for a reason of P050 2.3,
/// superseded by the license at a new post office (P050 2.5e), reinstated when an appeal against its
/// revocation is granted (P050 2.4). The server loads it from its row, calls a verb, and stores
/// <see cref="Status"/> back.
/// </summary>
public sealed class License
{
    private License(string id, LicenseStatus status)
    {
        Id = id;
        Status = status;
    }

    public string Id { get; }

    public LicenseStatus Status { get; private set; }

    public static License Load(string id, LicenseStatus status) => new(id, status);

    /// <summary>P050 2.1: after approving an application the Postal Service issues a Postage Meter License (Form 3601-B).</summary>
    public static License Issue(string id) => new(id, LicenseStatus.Valid);

    /// <summary>P050 2.3: a valid license is revoked, only for one of the reasons a–f.</summary>
    public void Revoke(string? reason)
    {
        Rules.Check(new RevocationMustStateReasonRule(reason));
        MoveTo(LicenseStatus.Revoked);
    }

    /// <summary>P050 2.5e: the customer is relicensed at its new post office; the license at the old one ends.</summary>
    public void Supersede() => MoveTo(LicenseStatus.Superseded);

    /// <summary>P050 2.4: the appeal against the revocation is granted; the license is valid again.</summary>
    public void Reinstate() => MoveTo(LicenseStatus.Valid);

    /// <summary>P050 2.5e: a revised license is issued from updated information, only for a valid license.</summary>
    public void Revise() => Rules.Check(new LicenseMustBeValidForRule(Id, Status, LicenseAct.Revise));

    private void MoveTo(LicenseStatus to)
    {
        Rules.Check(new LicenseTransitionMustBeAllowedRule(Id, Status, to));
        Status = to;
    }
}
