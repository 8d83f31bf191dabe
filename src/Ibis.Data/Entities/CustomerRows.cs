using Ibis.Domain.Customers;

namespace Ibis.Data.Entities;

/// <summary>
/// A customer record of system 820.100 "Mailer Services — Applications and Approvals". Retrieval
/// keys (customer name, customer ID, logon ID) are in clear; everything else of the six categories
/// is one document sealed with AES-256-GCM under the record's own data key
/// (<see cref="CustomerKeyRow"/>), so destroying that key makes the record, its history and its
/// sealed copies unreadable everywhere (crypto-shredding).
/// </summary>
public sealed class CustomerRecordRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public required string ProviderId { get; set; }
    /// <summary>The customer's (company) name, upper-cased for retrieval.</summary>
    public required string CustomerName { get; set; }
    public required string CustomerNumber { get; set; }
    public string? LogonId { get; set; }
    public required byte[] Document { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Retention rule 4 counts from here.</summary>
    public DateTimeOffset? RelationshipEndedAt { get; set; }
}

/// <summary>The per-record data key, wrapped under the key-encryption key. Deleted on disposal.</summary>
public sealed class CustomerKeyRow
{
    public required string RecordId { get; set; }
    public required byte[] WrappedKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A previous version of a customer record, kept when it is amended (sealed under the same key).</summary>
public sealed class CustomerRecordVersionRow
{
    public required string Id { get; set; }
    public required string RecordId { get; set; }
    public int Version { get; set; }
    public required byte[] Document { get; set; }
    public required string ChangedBy { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>An ACH authorization (notice category 1), sealed under the record's key; retention rule 2.</summary>
public sealed class AchRecordRow
{
    public required string Id { get; set; }
    public required string RecordId { get; set; }
    public required byte[] Sealed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A computer access by the customer (retention rule 1). No values, only when and from which logon.</summary>
public sealed class LogonRecordRow
{
    public required string Id { get; set; }
    public required string RecordId { get; set; }
    public required string LogonId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A grant of computer access privileges (retention rule 3 counts from its cancellation).</summary>
public sealed class SecurityAccessRow
{
    public required string Id { get; set; }
    public required string RecordId { get; set; }
    public required string Privilege { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>Who read or changed a customer record, when and why — never the values (notice "Safeguards").</summary>
public sealed class RecordAccessRow
{
    public required string Id { get; set; }
    public required string RecordId { get; set; }
    public required string Actor { get; set; }
    public required string Role { get; set; }
    /// <summary>read | create | amend | report | search | dispose</summary>
    public required string Action { get; set; }
    public required string Purpose { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>What the retention job destroyed, under which rule (notice "Retention and Disposal").</summary>
public sealed class DisposalRow
{
    public required string Id { get; set; }
    public required string Category { get; set; }
    public required string RecordId { get; set; }
    public required string CustomerRecordId { get; set; }
    public required string Rule { get; set; }
    public DateTimeOffset DisposedAt { get; set; }
}

/// <summary>One run of the retention schedule (the daily job or the privacy officer), even when nothing was due.</summary>
public sealed class RetentionRunRow
{
    public required string Id { get; set; }
    /// <summary>daily_job | privacy_officer</summary>
    public required string Trigger { get; set; }
    public int Disposed { get; set; }
    public DateTimeOffset RanAt { get; set; }
}

/// <summary>
/// A Privacy Act request (notice "Notification / Record Access / Contesting Record Procedures"):
/// an inquiry, or a request to amend a record. Identity is verified by staff before any report.
/// </summary>
public sealed class PrivacyRequestRow
{
    public required string Id { get; set; }
    /// <summary>inquiry | amendment</summary>
    public required string Kind { get; set; }
    public required string RequesterLicenseeId { get; set; }
    public string? CustomerName { get; set; }
    public string? CustomerNumber { get; set; }
    public string? LogonId { get; set; }
    /// <summary>How a written inquiry logged by staff arrived: mail | fax | e_mail | in_person | portal.</summary>
    public string? ReceivedVia { get; set; }
    /// <summary>What staff checked to verify identity (39 CFR 266.6), besides the method; never a document number.</summary>
    public string? VerificationNote { get; set; }
    /// <summary>For an amendment: the record, and the changes sealed under its key.</summary>
    public string? RecordId { get; set; }
    public byte[]? Changes { get; set; }
    public required PrivacyRequestStatus Status { get; set; }
    public string? VerifiedBy { get; set; }
    public string? VerificationMethod { get; set; }
    public string? DecidedBy { get; set; }
    public string? RefusalReasons { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>
/// The accounting of one disclosure of a customer record outside the Postal Service (5 U.S.C. 552a(c)(1)):
/// the date, nature and purpose, the routine use of notice 820.100, and the name and address of the
/// recipient. It holds no value of the record, and it is kept after the record is disposed of
/// (552a(c)(2): five years after the disclosure or the life of the record, whichever is longer).
/// </summary>
public sealed class DisclosureRow
{
    public required string Id { get; set; }
    public required string RecordId { get; set; }
    public required string LicenseeId { get; set; }
    public required string Recipient { get; set; }
    public required string RecipientAddress { get; set; }
    /// <summary>A code of <c>RoutineUses</c> (legal_proceedings, law_enforcement …).</summary>
    public required string RoutineUse { get; set; }
    public required string Purpose { get; set; }
    /// <summary>Which records went: the record's version, categories and whether ACH records were included (names, never values).</summary>
    public required string Records { get; set; }
    public required string DisclosedBy { get; set; }
    public DateTimeOffset DisclosedAt { get; set; }
}
