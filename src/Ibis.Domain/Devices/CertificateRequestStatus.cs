namespace Ibis.Domain.Devices;

/// <summary>
/// A PKCS#10 request for a device certificate sent to an external Postal Service CA (P050 3.1: the device
/// is "initialized and authorized" before it is issued). Stored as pending | issued | cancelled.
/// </summary>
[StoredAsText]
public enum CertificateRequestStatus
{
    /// <summary>Sent to the CA; its certificate is not imported yet. A device has at most one.</summary>
    Pending,

    /// <summary>The CA's certificate for it was imported.</summary>
    Issued,

    /// <summary>Withdrawn before its certificate came: a text rows may hold, though no step writes it today.</summary>
    Cancelled,
}
