using Ibis.Domain;
using Ibis.Domain.Devices;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Domain.Organisations;
using Ibis.Domain.Psd;

namespace Ibis.Data.Entities;

// Persistence rows. Money columns are integer mills (long); no decimal or double anywhere near a
// register. Hot tables (devices, indicia) carry the device id in their primary key so that they can
// be distributed by device (DESIGN.md §3 Data).

public sealed class CertificateAuthorityRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public bool Sandbox { get; set; }
    public required byte[] CertificateDer { get; set; }
    /// <summary>The CA key's handle in the key store; empty for an external Postal Service CA whose certificate was imported.</summary>
    public required byte[] KeyHandle { get; set; }
    /// <summary>True for an external Postal Service CA: devices get their certificates through PKCS#10 requests.</summary>
    public bool External { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A provider of IBI systems, authorized in writing by the Postal Service (39 CFR 502.1–502.3).</summary>
public sealed class ProviderRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public ProviderStatus Status { get; set; } = ProviderStatus.Authorized;
    /// <summary>The date of the Postal Service's written authorization (§502.3).</summary>
    public DateOnly? AuthorizedOn { get; set; }
    public string? StatusReason { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }
    public bool Sandbox { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class LicenseeRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string ProviderId { get; set; }
    public bool Sandbox { get; set; }
    /// <summary>Descending-register cap for this licensee's devices (P050 3.6; default $500.000, set by the Postal Service).</summary>
    public long DrCapMills { get; set; } = 500_000;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Form 3601-B: permission to use IBI systems at one licensing post office.</summary>
public sealed class LicenseRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public required string PostOfficeCity { get; set; }
    public required string PostOfficeState { get; set; }
    public required string PostOfficeZip { get; set; }
    public required LicenseStatus Status { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>The 3601-A that led to this license (none for licenses created before applications existed).</summary>
    public string? ApplicationId { get; set; }
    /// <summary>1 when issued; each revised license (P050 2.5e) increments it.</summary>
    public int Revision { get; set; } = 1;
    public DateTimeOffset? RevisedAt { get; set; }
    /// <summary>P050 2.3 a–f.</summary>
    public string? RevocationReason { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>For a license replaced after a change of licensing post office (P050 2.5e): its successor.</summary>
    public string? SupersededBy { get; set; }
}

/// <summary>
/// The licensee's funds on deposit (CMRS account, P050 3.5). <see cref="BalanceMills"/> is the sum
/// of its ledger lines on "deposit", kept on the row so a reset reads it under the same lock.
/// </summary>
public sealed class DepositAccountRow
{
    public required string Id { get; set; }
    public required string LicenseeId { get; set; }
    public AccountStatus Status { get; set; } = AccountStatus.Open;
    public long BalanceMills { get; set; }
    /// <summary>§502.25(c)(1): what the provider may advance for this licensee, and how much is out.</summary>
    public long AdvanceLimitMills { get; set; }
    public long AdvanceOutstandingMills { get; set; }
    /// <summary>Next ledger line number of this account (lines are numbered 1, 2, 3… per account).</summary>
    public long LedgerSequence { get; set; }
    /// <summary>§502.25(c): when the Acknowledgement of Deposit Requirement was signed.</summary>
    public DateTimeOffset? DepositRequirementAcknowledgedAt { get; set; }
    /// <summary>P050 3.5c: true when the licensee gets a monthly statement instead of a receipt per reset.</summary>
    public bool MonthlyStatement { get; set; }
    public DateTimeOffset? ClosingRequestedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One line of the double-entry ledger. Every transaction's lines sum to zero; lines are never
/// changed (a correction is a new transaction). All lines of a transaction belong to one deposit
/// account, so the ledger is partitioned by account like the registers are by device.
/// </summary>
public sealed class LedgerEntryRow
{
    public required string AccountId { get; set; }
    public long Sequence { get; set; }
    public required string Id { get; set; }
    public required string TransactionId { get; set; }
    /// <summary>deposit | advance | bank | psd:{device id} | refund_check</summary>
    public required string Book { get; set; }
    /// <summary>Signed mills; the lines of a transaction add up to zero.</summary>
    public long AmountMills { get; set; }
    /// <summary>The deposit account's balance after the whole transaction.</summary>
    public long BalanceAfterMills { get; set; }
    /// <summary>deposit | reset | advance | repayment | refund | correction</summary>
    public required string Cause { get; set; }
    public required string CauseId { get; set; }
    public string? Memo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A deposit by one of the payment methods of P050 3.5a; pending until the payment clears.</summary>
public sealed class DepositRow
{
    public required string AccountId { get; set; }
    public required string Id { get; set; }
    public required string Method { get; set; }
    public long AmountMills { get; set; }
    public required DepositStatus Status { get; set; }
    public string? PaymentReference { get; set; }
    /// <summary>Masked bank or card number for display ("••••6789"); the full number is never stored in clear.</summary>
    public string? InstrumentMasked { get; set; }
    /// <summary>AES-256-GCM ciphertext of the bank/card details (card security codes are never stored).</summary>
    public byte[]? InstrumentEncrypted { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
}

/// <summary>A refund paid out: the balance of a closed deposit account by check (§502.27(c)).</summary>
public sealed class RefundRow
{
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public required string Kind { get; set; } // account_closing
    public required string Payee { get; set; }
    public long AmountMills { get; set; }
    public required string Method { get; set; } // check
    public DateOnly RequestedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// What the provider transmits to the Postal Service (DESIGN §1): an immutable, versioned JSON
/// document with its SHA-256, consumed by the postal side.
/// </summary>
public sealed class TransmissionRow
{
    public required string Id { get; set; }
    public required string Kind { get; set; } // daily_financial_transactions | account_closing
    public int Version { get; set; }
    public required string Subject { get; set; } // e.g. the date "2026-11-25" or an account id
    public required string ProviderId { get; set; }
    public required byte[] Body { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class DeviceRow
{
    public required string Id { get; set; }
    /// <summary>The licensee the device is leased to; null while it is in the provider's inventory.</summary>
    public string? LicenseeId { get; set; }
    /// <summary>The license it prints under; null while it is in inventory.</summary>
    public string? LicenseId { get; set; }
    /// <summary>The lease naming this device (P050 1.3, 2.5i); null while it is in inventory.</summary>
    public string? LeaseId { get; set; }
    public required string ProviderId { get; set; }
    public int Vendor { get; set; }
    public int Model { get; set; }
    public long Serial { get; set; }
    /// <summary>Stored as its text ("in_service"), see <see cref="EnumText{TEnum}"/>.</summary>
    public required DeviceStatus Status { get; set; }
    public string? LockReason { get; set; }
    public bool Sandbox { get; set; }
    public long AscendingMills { get; set; }
    public long DescendingMills { get; set; }
    public long ControlTotalMills { get; set; }
    public long PieceCount { get; set; }
    public long CapMills { get; set; }
    public long ResetCount { get; set; }
    /// <summary>The signing key's handle in the key store; emptied when the device is withdrawn (zeroization).</summary>
    public required byte[] KeyHandle { get; set; }
    /// <summary>The register MAC key's handle in the key store.</summary>
    public byte[] MacKeyHandle { get; set; } = [];
    /// <summary>MAC over the register state and <see cref="PreviousMac"/> (DESIGN §4 "Register integrity").</summary>
    public byte[] RegisterMac { get; set; } = [];
    public byte[] PreviousMac { get; set; } = [];
    /// <summary>
    /// The provider's records of the device as running totals (§502.23): the resets accepted, the postage
    /// and the number of the indicia issued. They move with each reset or indicium record, so the audit
    /// before a reset reads them instead of summing the device's history.
    /// </summary>
    public long RecordedResetsMills { get; set; }
    public long RecordedPostageMills { get; set; }
    public long RecordedPieces { get; set; }
    /// <summary>Layout of <see cref="RegisterMac"/>: 2 also covers the running totals; 0 or 1 was sealed before they existed.</summary>
    public int SealVersion { get; set; }
    public long CertificateSerial { get; set; }
    /// <summary>Incremented by every register change; part of the MAC and an optimistic concurrency token.</summary>
    public long Version { get; set; }
    public DateTimeOffset? LastResetAt { get; set; }
    public DateTimeOffset? LastAuditAt { get; set; }
    /// <summary>The watchdog: the device refuses to print after this instant (P050 3.4, §502.23).</summary>
    public DateTimeOffset WatchdogDeadline { get; set; }
    /// <summary>The latest time the device has seen; a clock earlier than this is refused.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>The inspection before distribution (§502.18): when, and who did it.</summary>
    public DateTimeOffset? InspectedAt { get; set; }
    public string? InspectedBy { get; set; }
    public DateTimeOffset? CommissionedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The mailer ID <see cref="ImbSlot"/> belongs to: taken the first time the device prints an addressed piece.</summary>
    public string? ImbMailerId { get; set; }
    /// <summary>The device's IMb slot, unique per mailer ID: the leading digits of its IMb serials (USPS-B-3200).</summary>
    public int? ImbSlot { get; set; }
}

public sealed class CertificateRow
{
    public long Serial { get; set; }
    public required string DeviceId { get; set; }
    public required string AuthorityId { get; set; }
    public required byte[] Der { get; set; }
    public bool Revoked { get; set; }
    /// <summary>When and why the certificate was revoked (check-out, loss, theft, compromise, provider revocation).</summary>
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public bool Sandbox { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
}

/// <summary>A PKCS#10 request for a device certificate sent to an external Postal Service CA.</summary>
public sealed class CertificateRequestRow
{
    public required string Id { get; set; }
    public required string DeviceId { get; set; }
    public required byte[] Der { get; set; }
    public required CertificateRequestStatus Status { get; set; }
    public long? CertificateSerial { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>A key rollover of a device in service: the new key waits here, unused, until its certificate is imported.</summary>
    public bool Rollover { get; set; }
    /// <summary>The rollover's new key (key-store handle); null for a first certificate, whose key is the device's own.</summary>
    public byte[]? KeyHandle { get; set; }
}

/// <summary>One step of a device's life (§502.19): who moved it from which state to which, when and why.</summary>
public sealed class DeviceEventRow
{
    public required string DeviceId { get; set; }
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public DeviceStatus? FromStatus { get; set; }
    public required DeviceStatus ToStatus { get; set; }
    public required string Actor { get; set; }
    public string? Reason { get; set; }
    public string? Evidence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A postage value download (P050 3.5).</summary>
public sealed class ResetRow
{
    public required string DeviceId { get; set; }
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public long AmountMills { get; set; }
    public long AscendingAfterMills { get; set; }
    public long DescendingAfterMills { get; set; }
    public long ControlTotalAfterMills { get; set; }
    /// <summary>1 for the device's first reset, 2 for the second…; unique per device.</summary>
    public long Sequence { get; set; }
    public long AccountBalanceAfterMills { get; set; }
    public string? AuditId { get; set; }
    /// <summary>The reset record given to the licensee (P050 3.5c), and the device's signature over it.</summary>
    public byte[] Record { get; set; } = [];
    public byte[] Signature { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A device audit (§502.23): the signed message the device gave and the provider's verdict.</summary>
public sealed class AuditRow
{
    public required string DeviceId { get; set; }
    public required string Id { get; set; }
    public required string Kind { get; set; } // on_demand | reset | scheduled
    public required byte[] Nonce { get; set; }
    public required byte[] Message { get; set; }
    public required byte[] Signature { get; set; }
    public bool Passed { get; set; }
    public string? Reasons { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A nonce the provider sent for a device audit; each answers one audit, within minutes.</summary>
public sealed class AuditChallengeRow
{
    public required string DeviceId { get; set; }
    public required byte[] Nonce { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>Something the provider must look into: a failed audit, a register integrity failure.</summary>
public sealed class CaseRow
{
    public required string Id { get; set; }
    public required string DeviceId { get; set; }
    public required string ProviderId { get; set; }
    public required string Kind { get; set; }
    public required string Detail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>The recorded finding of whoever resolved the case (the provider or the Postal Service).</summary>
    public string? Finding { get; set; }
    public string? ResolvedBy { get; set; }
    /// <summary>When the case was taken up, and by whom (status investigating until resolved).</summary>
    public DateTimeOffset? InvestigationStartedAt { get; set; }
    public string? InvestigatedBy { get; set; }
    /// <summary>What the resolver wrote beside the finding.</summary>
    public string? ResolutionNote { get; set; }
}

/// <summary>Form 3601-C: a device checked out of service with its final registers (§502.27(b)).</summary>
public sealed class ActivityReportRow
{
    public required string Id { get; set; }
    public required string DeviceId { get; set; }
    public long AscendingMills { get; set; }
    public long DescendingMills { get; set; }
    public long ControlTotalMills { get; set; }
    public long PieceCount { get; set; }
    /// <summary>Unused postage in DR, to be refunded to the licensee (§502.27(b)).</summary>
    public long RefundDueMills { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>§502.27(b)(1): DR as the provider noted it when the licensee gave notice, reconciled with the final DR.</summary>
    public long? NoticeDescendingMills { get; set; }
    /// <summary>Section F: the validated refund amount, for <see cref="AccountId"/>.</summary>
    public long ValidatedRefundMills { get; set; }
    public string? AccountId { get; set; }
    /// <summary>A balance moved to a replacement device: the transfer's ledger transaction.</summary>
    public string? LedgerTransactionId { get; set; }
    /// <summary>A balance refunded (§502.27(b)): the refund, credited when the district MATS coordinator approves it.</summary>
    public string? RefundId { get; set; }
    /// <summary>Section G: the provider's representative who signed.</summary>
    public string? SignedBy { get; set; }
    /// <summary>
    /// Null when the final registers matched their seal; otherwise why they could not be validated
    /// (§502.20(e)): nothing was then credited (Ibis.Domain.Psd.UnvalidatedRegistersMustNotBeCreditedRule).
    /// </summary>
    public string? RegistersNotValidatedReason { get; set; }
    /// <summary>
    /// When an examination validated an amount of the refund withheld for <see cref="RegistersNotValidatedReason"/>
    /// (§502.27(b)(1)); section F (<see cref="ValidatedRefundMills"/>) then holds that amount and <see cref="RefundId"/> its refund.
    /// </summary>
    public DateTimeOffset? ExaminationValidatedAt { get; set; }
    /// <summary>Who examined the device and validated the amount: the provider (with the Postal Service) or an inspector.</summary>
    public string? ExaminedBy { get; set; }
    /// <summary>What the examination found.</summary>
    public string? ExaminationFindings { get; set; }
}

/// <summary>
/// The first response to a request with an Idempotency-Key, replayed byte for byte to retries.
/// Scoped to the device (or account) the request acts on, so it lives beside that row.
/// </summary>
public sealed class IdempotencyRow
{
    public required string Scope { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required byte[] Body { get; set; }
    public string? Location { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed partial class IndiciumRow
{
    public required string DeviceId { get; set; }
    public required string Id { get; set; }
    public long PieceNumber { get; set; }
    public required byte[] Data { get; set; }
    public long PostageMills { get; set; }
    public long AmountDueMills { get; set; }
    public long AscendingAfterMills { get; set; }
    public long DescendingAfterMills { get; set; }
    public required string MailClass { get; set; }
    public required string RateCategory { get; set; }
    public required string WeightOz { get; set; }
    public DateOnly MailingDate { get; set; }
    public string? DestinationZip { get; set; }
    public bool Sandbox { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class UserRow
{
    public required string Id { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public required string PasswordHash { get; set; }
    public string? LicenseeId { get; set; }
    public string? ProviderId { get; set; }
    /// <summary>An administrator of its organisation: invites users and grants the roles the organisation may grant.</summary>
    public bool IsAdministrator { get; set; }
    /// <summary>A user of the sandbox tenant: reaches sandbox records only.</summary>
    public bool Sandbox { get; set; }
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>Changed whenever the user's access changes; a portal session carrying an older stamp is ended.</summary>
    public string SessionStamp { get; set; } = "";
    public DateTimeOffset? RemovedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An invitation to join an organisation: a one-time code, shown once, stored hashed, valid 72 hours.</summary>
public sealed class InvitationRow
{
    public required string Id { get; set; }
    public required string CodeHash { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public bool IsAdministrator { get; set; }
    public string? LicenseeId { get; set; }
    public string? ProviderId { get; set; }
    public bool Sandbox { get; set; }
    public required string InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? UserId { get; set; }
}

/// <summary>The installation itself: made once by `ibis admin init`.</summary>
public sealed class InstallationRow
{
    public required string Id { get; set; }
    public required string AdministratorId { get; set; }
    /// <summary>The in-process Postal Service CA, or null when certificates come from an external CA.</summary>
    public string? CertificateAuthorityId { get; set; }
    public DateTimeOffset InitializedAt { get; set; }
}

/// <summary>Something that happened to a provider's authorization (§502.3): granted, suspended, revoked, reinstated, ownership or control changed.</summary>
public sealed class ProviderEventRow
{
    public required string Id { get; set; }
    public required string ProviderId { get; set; }
    public required string Kind { get; set; }
    public required string Detail { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ApiKeyRow
{
    public required string Id { get; set; }
    /// <summary>The first characters of the key, shown to the owner to tell keys apart.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole key (hex). Keys are high-entropy, so a fast hash is enough.</summary>
    public required string Hash { get; set; }
    public required string Mode { get; set; } // test | live
    /// <summary>licensee (acts for <see cref="LicenseeId"/>) or provider (acts for <see cref="ProviderId"/>).</summary>
    public string Role { get; set; } = "licensee";
    public string? LicenseeId { get; set; }
    public string? ProviderId { get; set; }
    /// <summary>The owner's label for the key ("warehouse printer").</summary>
    public string? Name { get; set; }
    /// <summary>The user or key that created it.</summary>
    public string? CreatedBy { get; set; }
    /// <summary>Set on a key made by rotating another: the key it replaced.</summary>
    public string? RotatedFrom { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// Failed sign-ins of one user from one client address, and the lockout they caused. Counted per
/// address so that strangers elsewhere cannot lock a mailer out; incremented in SQL so that
/// concurrent failures are all counted.
/// </summary>
public sealed class SignInFailureRow
{
    public required string UserId { get; set; }
    public required string Address { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>
/// One key of the portal's ASP.NET Data Protection key ring (session cookies, antiforgery tokens),
/// shared by every node through the database; the key material inside is encrypted under the
/// key-encryption key, so a database reader cannot forge a session.
/// </summary>
public sealed class DataProtectionKeyRow
{
    public required string Id { get; set; }
    public required string Xml { get; set; }
}
