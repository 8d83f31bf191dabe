namespace Ibis.Security.Signatures;

/// <summary>Why a certificate was or was not accepted as issued by a CA.</summary>
public enum CertificateCheckStatus
{
    Valid,
    MalformedCertificate,
    MalformedAuthority,
    AuthorityNotACa,
    AuthorityNotValidAt,
    IssuerMismatch,
    UnsupportedAlgorithm,
    BadSignature,
    NotYetValid,
    Expired,
    NotAnEndEntity,
    KeyUsageNotPermitted,
}

/// <summary>
/// The outcome of <see cref="IndiciumSignatureVerifier.CheckIssuedBy"/>: a result value, not an exception,
/// because the certificates come from scans and uploads (CONVENTIONS "Parsing untrusted bytes").
/// </summary>
public sealed class CertificateCheck
{
    private CertificateCheck(CertificateCheckStatus status, string reason)
    {
        Status = status;
        Reason = reason;
    }

    public static CertificateCheck Valid { get; } = new(CertificateCheckStatus.Valid, "valid");

    public CertificateCheckStatus Status { get; }

    /// <summary>A sentence for logs and the verification report.</summary>
    public string Reason { get; }

    public bool IsValid => Status == CertificateCheckStatus.Valid;

    internal static CertificateCheck Fail(CertificateCheckStatus status, string reason) => new(status, reason);

    public override string ToString() => $"{Status}: {Reason}";
}
