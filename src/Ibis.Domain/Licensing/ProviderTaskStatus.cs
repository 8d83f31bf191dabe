namespace Ibis.Domain.Licensing;

/// <summary>
/// Where something the provider must do by a deadline stands (§502.20(h) after a revocation, P050 2.5e after a
/// move); stored as open | done | cancelled.
/// </summary>
[StoredAsText]
public enum ProviderTaskStatus
{
    /// <summary>Still to do by its due date.</summary>
    Open,

    /// <summary>The provider did it (a check-out only once the PSD is in fact withdrawn).</summary>
    Done,

    /// <summary>No longer owed: the revocation that called for it was reversed on appeal (P050 2.4).</summary>
    Cancelled,
}
