using Ibis.Domain.Refunds;

namespace Ibis.Rendering.Forms;

/// <summary>
/// What a PS Form 3533 for unused IBI postage shows (§502.27(a)): the applicant and its device, Part IV
/// (pieces grouped by postage value, each group's total, the grand total), the non-qualifying pieces
/// with the provider's annotation, and the provider's certification below Part IV.
/// </summary>
public sealed record Form3533(
    string RefundId,
    string Status,
    string LicenseeName,
    string LicenseeId,
    string ProviderName,
    string? DeviceId,
    DateTimeOffset RequestedAt,
    PartFour PartIv,
    string? CertifiedBy,
    DateTimeOffset? CertifiedAt,
    string? CertificationDigest,
    DateTimeOffset? SentAt,
    DateTimeOffset? RetainUntil,
    bool Sandbox,
    DateTimeOffset GeneratedAt);
