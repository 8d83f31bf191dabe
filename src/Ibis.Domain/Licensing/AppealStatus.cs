namespace Ibis.Domain.Licensing;

/// <summary>Where a written appeal against a refusal or a revocation stands (P050 2.4); stored as pending | granted | denied.</summary>
[StoredAsText]
public enum AppealStatus
{
    /// <summary>Filed with the Manager, Metering Technology Management, not yet decided.</summary>
    Pending,

    /// <summary>Decided for the appellant: the application is approved or the license reinstated.</summary>
    Granted,

    /// <summary>Decided against the appellant; the decision stands.</summary>
    Denied,
}
