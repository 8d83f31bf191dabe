using Ibis.Domain.Licensing;

namespace Ibis.Data.Entities;

/// <summary>
/// Form 3601-A (P050 2.1): an application for a license at one post office, or (kind update/relicense)
/// updated 3601-A information for an existing license (P050 2.5d–e). The form's personal content is
/// sealed under the customer record's data key (<see cref="Document"/>); the post office is in clear.
/// </summary>
public sealed class LicenseApplicationRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public required string ProviderId { get; set; }
    public required string CustomerRecordId { get; set; }
    /// <summary>new | update | relicense</summary>
    public required string Kind { get; set; }
    public required LicenseApplicationStatus Status { get; set; }
    public required string PostOfficeCity { get; set; }
    public required string PostOfficeState { get; set; }
    public required string PostOfficeZip { get; set; }
    /// <summary>For update and relicense: the license the information belongs to.</summary>
    public string? LicenseId { get; set; }
    /// <summary>AES-256-GCM under the customer record's data key: the 3601-A fields as JSON.</summary>
    public required byte[] Document { get; set; }
    public string? TransmissionId { get; set; }
    public int TransmissionVersion { get; set; }
    public string? RefusalReason { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? TransmittedAt { get; set; }
}

/// <summary>A written notice (P050 2.2, 2.3, 2.4) to the applicant/licensee or to its provider.</summary>
public sealed class NoticeRow
{
    public required string Id { get; set; }
    /// <summary>licensee | provider</summary>
    public required string Recipient { get; set; }
    public required string LicenseeId { get; set; }
    public required string ProviderId { get; set; }
    /// <summary>license_issued | license_revised | license_refused | license_revoked | appeal_granted | appeal_denied</summary>
    public required string Kind { get; set; }
    /// <summary>The application or license the notice is about.</summary>
    public required string SubjectId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Something the provider must do by a deadline: §502.20(h) after a revocation, P050 2.5e after a move.</summary>
public sealed class ProviderTaskRow
{
    public required string Id { get; set; }
    public required string ProviderId { get; set; }
    public required string LicenseeId { get; set; }
    public required string LicenseId { get; set; }
    public string? DeviceId { get; set; }
    public string? LeaseId { get; set; }
    /// <summary>cancel_lease | remove_psd | check_out_psd</summary>
    public required string Kind { get; set; }
    public required string Rule { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public required ProviderTaskStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>A written appeal (P050 2.4) against a refusal or a revocation, decided by the manager.</summary>
public sealed class AppealRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public required string ProviderId { get; set; }
    /// <summary>refusal (an application id) | revocation (a license id)</summary>
    public required string Against { get; set; }
    public required string DecisionId { get; set; }
    public required string Statement { get; set; }
    public required AppealStatus Status { get; set; }
    public string? Outcome { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>§502.20(a)(c), P050 2.5i: the signed lease with its financial agreement for resetting.</summary>
public sealed class LeaseRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public required string ProviderId { get; set; }
    public required string LicenseId { get; set; }
    public required string SignedBy { get; set; }
    public DateOnly SignedOn { get; set; }
    /// <summary>The deposit account resets are paid from (the financial agreement for resetting).</summary>
    public required string ResettingAccountId { get; set; }
    public required LeaseStatus Status { get; set; }
    public string? CancelReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}
