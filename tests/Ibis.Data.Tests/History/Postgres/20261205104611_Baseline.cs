using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ach_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    Sealed = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ach_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "activity_reports",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    AscendingMills = table.Column<long>(type: "bigint", nullable: false),
                    DescendingMills = table.Column<long>(type: "bigint", nullable: false),
                    ControlTotalMills = table.Column<long>(type: "bigint", nullable: false),
                    PieceCount = table.Column<long>(type: "bigint", nullable: false),
                    RefundDueMills = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "advertisements",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Caption = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: true),
                    ArtPng = table.Column<byte[]>(type: "bytea", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false),
                    SubmittedBy = table.Column<string>(type: "text", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionReason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_advertisements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Prefix = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false),
                    Mode = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: true),
                    ProviderId = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: true),
                    RotatedFrom = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "appeals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Against = table.Column<string>(type: "text", nullable: false),
                    DecisionId = table.Column<string>(type: "text", nullable: false),
                    Statement = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: true),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appeals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_challenges",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    Nonce = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_challenges", x => new { x.DeviceId, x.Nonce });
                });

            migrationBuilder.CreateTable(
                name: "audits",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Nonce = table.Column<byte[]>(type: "bytea", nullable: false),
                    Message = table.Column<byte[]>(type: "bytea", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: false),
                    Passed = table.Column<bool>(type: "boolean", nullable: false),
                    Reasons = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audits", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "certificate_authorities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    CertificateDer = table.Column<byte[]>(type: "bytea", nullable: false),
                    KeyHandle = table.Column<byte[]>(type: "bytea", nullable: false),
                    External = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificate_authorities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "certificate_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    Der = table.Column<byte[]>(type: "bytea", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    CertificateSerial = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificate_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "certificates",
                columns: table => new
                {
                    Serial = table.Column<long>(type: "bigint", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    AuthorityId = table.Column<string>(type: "text", nullable: false),
                    Der = table.Column<byte[]>(type: "bytea", nullable: false),
                    Revoked = table.Column<bool>(type: "boolean", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevocationReason = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificates", x => x.Serial);
                });

            migrationBuilder.CreateTable(
                name: "classified_branches",
                columns: table => new
                {
                    LicenseId = table.Column<string>(type: "text", nullable: false),
                    BranchName = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    ApprovedBy = table.Column<string>(type: "text", nullable: false),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_classified_branches", x => x.LicenseId);
                });

            migrationBuilder.CreateTable(
                name: "collection_schedules",
                columns: table => new
                {
                    PostOfficeZip = table.Column<string>(type: "text", nullable: false),
                    TimeZone = table.Column<string>(type: "text", nullable: false),
                    Document = table.Column<string>(type: "text", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collection_schedules", x => x.PostOfficeZip);
                });

            migrationBuilder.CreateTable(
                name: "customer_keys",
                columns: table => new
                {
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_keys", x => x.RecordId);
                });

            migrationBuilder.CreateTable(
                name: "customer_record_versions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Document = table.Column<byte[]>(type: "bytea", nullable: false),
                    ChangedBy = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_record_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customer_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    CustomerName = table.Column<string>(type: "text", nullable: false),
                    CustomerNumber = table.Column<string>(type: "text", nullable: false),
                    LogonId = table.Column<string>(type: "text", nullable: true),
                    Document = table.Column<byte[]>(type: "bytea", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RelationshipEndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deposit_accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    BalanceMills = table.Column<long>(type: "bigint", nullable: false),
                    AdvanceLimitMills = table.Column<long>(type: "bigint", nullable: false),
                    AdvanceOutstandingMills = table.Column<long>(type: "bigint", nullable: false),
                    LedgerSequence = table.Column<long>(type: "bigint", nullable: false),
                    DepositRequirementAcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MonthlyStatement = table.Column<bool>(type: "boolean", nullable: false),
                    ClosingRequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deposit_accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deposits",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    AmountMills = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    PaymentReference = table.Column<string>(type: "text", nullable: true),
                    InstrumentMasked = table.Column<string>(type: "text", nullable: true),
                    InstrumentEncrypted = table.Column<byte[]>(type: "bytea", nullable: true),
                    FailureReason = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SettledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deposits", x => new { x.AccountId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "device_events",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    FromStatus = table.Column<string>(type: "text", nullable: true),
                    ToStatus = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    Evidence = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_events", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "devices",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: true),
                    LicenseId = table.Column<string>(type: "text", nullable: true),
                    LeaseId = table.Column<string>(type: "text", nullable: true),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Vendor = table.Column<int>(type: "integer", nullable: false),
                    Model = table.Column<int>(type: "integer", nullable: false),
                    Serial = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    LockReason = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    AscendingMills = table.Column<long>(type: "bigint", nullable: false),
                    DescendingMills = table.Column<long>(type: "bigint", nullable: false),
                    ControlTotalMills = table.Column<long>(type: "bigint", nullable: false),
                    PieceCount = table.Column<long>(type: "bigint", nullable: false),
                    CapMills = table.Column<long>(type: "bigint", nullable: false),
                    ResetCount = table.Column<long>(type: "bigint", nullable: false),
                    KeyHandle = table.Column<byte[]>(type: "bytea", nullable: false),
                    MacKeyHandle = table.Column<byte[]>(type: "bytea", nullable: false),
                    RegisterMac = table.Column<byte[]>(type: "bytea", nullable: false),
                    PreviousMac = table.Column<byte[]>(type: "bytea", nullable: false),
                    CertificateSerial = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    LastResetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastAuditAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WatchdogDeadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    InspectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    InspectedBy = table.Column<string>(type: "text", nullable: true),
                    CommissionedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImbMailerId = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    ImbSlot = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_devices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "disposals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Category = table.Column<string>(type: "text", nullable: false),
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    CustomerRecordId = table.Column<string>(type: "text", nullable: false),
                    Rule = table.Column<string>(type: "text", nullable: false),
                    DisposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_disposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "text", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    RequestHash = table.Column<string>(type: "text", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    Body = table.Column<byte[]>(type: "bytea", nullable: false),
                    Location = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => new { x.Scope, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "indicia",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: false),
                    ToName = table.Column<string>(type: "text", nullable: true),
                    ToLines = table.Column<string>(type: "text", nullable: true),
                    ToCity = table.Column<string>(type: "text", nullable: true),
                    ToState = table.Column<string>(type: "text", nullable: true),
                    ToZip5 = table.Column<string>(type: "text", nullable: true),
                    ToZip4 = table.Column<string>(type: "text", nullable: true),
                    ToDeliveryPoint = table.Column<string>(type: "text", nullable: true),
                    ImbTrackingCode = table.Column<string>(type: "text", nullable: true),
                    CourtesyReply = table.Column<bool>(type: "boolean", nullable: false),
                    Variant = table.Column<string>(type: "text", nullable: false, defaultValue: "standard"),
                    DesignId = table.Column<string>(type: "text", nullable: true),
                    AdvertisementId = table.Column<string>(type: "text", nullable: true),
                    Medium = table.Column<string>(type: "text", nullable: true),
                    OriginZip = table.Column<string>(type: "text", nullable: true),
                    Zone = table.Column<int>(type: "integer", nullable: true),
                    RateTableId = table.Column<string>(type: "text", nullable: true),
                    OmitDay = table.Column<bool>(type: "boolean", nullable: false),
                    MailedFromZip = table.Column<string>(type: "text", nullable: true),
                    CorrectsIndiciumId = table.Column<string>(type: "text", nullable: true),
                    PieceNumber = table.Column<long>(type: "bigint", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                    PostageMills = table.Column<long>(type: "bigint", nullable: false),
                    AmountDueMills = table.Column<long>(type: "bigint", nullable: false),
                    AscendingAfterMills = table.Column<long>(type: "bigint", nullable: false),
                    DescendingAfterMills = table.Column<long>(type: "bigint", nullable: false),
                    MailClass = table.Column<string>(type: "text", nullable: false),
                    RateCategory = table.Column<string>(type: "text", nullable: false),
                    WeightOz = table.Column<string>(type: "text", nullable: false),
                    MailingDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DestinationZip = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indicia", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "indicium_designs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Layout = table.Column<string>(type: "text", nullable: false),
                    ApprovalReference = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    RegisteredBy = table.Column<string>(type: "text", nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionReason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indicium_designs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "installation",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    AdministratorId = table.Column<string>(type: "text", nullable: false),
                    CertificateAuthorityId = table.Column<string>(type: "text", nullable: true),
                    InitializedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_installation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    CodeHash = table.Column<string>(type: "text", nullable: false),
                    Email = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    IsAdministrator = table.Column<bool>(type: "boolean", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: true),
                    ProviderId = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    InvitedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invitations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    LicenseId = table.Column<string>(type: "text", nullable: false),
                    SignedBy = table.Column<string>(type: "text", nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ResettingAccountId = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    CancelReason = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: true),
                    TransactionId = table.Column<string>(type: "text", nullable: false),
                    Book = table.Column<string>(type: "text", nullable: false),
                    AmountMills = table.Column<long>(type: "bigint", nullable: false),
                    BalanceAfterMills = table.Column<long>(type: "bigint", nullable: false),
                    Cause = table.Column<string>(type: "text", nullable: false),
                    CauseId = table.Column<string>(type: "text", nullable: false),
                    Memo = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entries", x => new { x.AccountId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "license_applications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    CustomerRecordId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    PostOfficeCity = table.Column<string>(type: "text", nullable: false),
                    PostOfficeState = table.Column<string>(type: "text", nullable: false),
                    PostOfficeZip = table.Column<string>(type: "text", nullable: false),
                    LicenseId = table.Column<string>(type: "text", nullable: true),
                    Document = table.Column<byte[]>(type: "bytea", nullable: false),
                    TransmissionId = table.Column<string>(type: "text", nullable: true),
                    TransmissionVersion = table.Column<int>(type: "integer", nullable: false),
                    RefusalReason = table.Column<string>(type: "text", nullable: true),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TransmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_license_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "licensees",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    DrCapMills = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licensees", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "licenses",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    PostOfficeCity = table.Column<string>(type: "text", nullable: false),
                    PostOfficeState = table.Column<string>(type: "text", nullable: false),
                    PostOfficeZip = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApplicationId = table.Column<string>(type: "text", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    RevisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevocationReason = table.Column<string>(type: "text", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SupersededBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licenses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "logon_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    LogonId = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_logon_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Recipient = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    SubjectId = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "privacy_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    RequesterLicenseeId = table.Column<string>(type: "text", nullable: false),
                    CustomerName = table.Column<string>(type: "text", nullable: true),
                    CustomerNumber = table.Column<string>(type: "text", nullable: true),
                    LogonId = table.Column<string>(type: "text", nullable: true),
                    ReceivedVia = table.Column<string>(type: "text", nullable: true),
                    VerificationNote = table.Column<string>(type: "text", nullable: true),
                    RecordId = table.Column<string>(type: "text", nullable: true),
                    Changes = table.Column<byte[]>(type: "bytea", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false),
                    VerifiedBy = table.Column<string>(type: "text", nullable: true),
                    VerificationMethod = table.Column<string>(type: "text", nullable: true),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    RefusalReasons = table.Column<string>(type: "text", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    VerifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_privacy_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provider_events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provider_tasks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    LicenseId = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: true),
                    LeaseId = table.Column<string>(type: "text", nullable: true),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Rule = table.Column<string>(type: "text", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_tasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "providers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    AuthorizedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    StatusReason = table.Column<string>(type: "text", nullable: true),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_providers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rate_tables",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Sample = table.Column<bool>(type: "boolean", nullable: false),
                    Document = table.Column<string>(type: "text", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    ImportedBy = table.Column<string>(type: "text", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rate_tables", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "record_access_log",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_access_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "redates",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: false),
                    MailingDate = table.Column<DateOnly>(type: "date", nullable: false),
                    MailClass = table.Column<string>(type: "text", nullable: false),
                    RateCategory = table.Column<string>(type: "text", nullable: false),
                    CorrectsIndiciumId = table.Column<string>(type: "text", nullable: true),
                    DesignId = table.Column<string>(type: "text", nullable: false),
                    Medium = table.Column<string>(type: "text", nullable: true),
                    MailedFromZip = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_redates", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "refunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Payee = table.Column<string>(type: "text", nullable: false),
                    AmountMills = table.Column<long>(type: "bigint", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    RequestedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "resets",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: false),
                    AmountMills = table.Column<long>(type: "bigint", nullable: false),
                    AscendingAfterMills = table.Column<long>(type: "bigint", nullable: false),
                    DescendingAfterMills = table.Column<long>(type: "bigint", nullable: false),
                    ControlTotalAfterMills = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    AccountBalanceAfterMills = table.Column<long>(type: "bigint", nullable: false),
                    AuditId = table.Column<string>(type: "text", nullable: true),
                    Record = table.Column<byte[]>(type: "bytea", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resets", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "retention_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Trigger = table.Column<string>(type: "text", nullable: false),
                    Disposed = table.Column<int>(type: "integer", nullable: false),
                    RanAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retention_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "security_access",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    Privilege = table.Column<string>(type: "text", nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_access", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "transmissions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<byte[]>(type: "bytea", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transmissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Email = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: true),
                    ProviderId = table.Column<string>(type: "text", nullable: true),
                    IsAdministrator = table.Column<bool>(type: "boolean", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    FailedLogins = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SessionStamp = table.Column<string>(type: "text", nullable: false),
                    RemovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ach_records_CreatedAt",
                table: "ach_records",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ach_records_RecordId",
                table: "ach_records",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_activity_reports_DeviceId",
                table: "activity_reports",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_advertisements_ProviderId",
                table: "advertisements",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_Hash",
                table: "api_keys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_LicenseeId",
                table: "api_keys",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_ProviderId",
                table: "api_keys",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_appeals_DecisionId",
                table: "appeals",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_appeals_LicenseeId",
                table: "appeals",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_audits_Id",
                table: "audits",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_DeviceId",
                table: "cases",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_ProviderId",
                table: "cases",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_certificate_requests_DeviceId",
                table: "certificate_requests",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_certificates_DeviceId",
                table: "certificates",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_customer_record_versions_RecordId_Version",
                table: "customer_record_versions",
                columns: new[] { "RecordId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customer_records_CustomerName",
                table: "customer_records",
                column: "CustomerName");

            migrationBuilder.CreateIndex(
                name: "IX_customer_records_CustomerNumber",
                table: "customer_records",
                column: "CustomerNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customer_records_LicenseeId",
                table: "customer_records",
                column: "LicenseeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customer_records_LogonId",
                table: "customer_records",
                column: "LogonId");

            migrationBuilder.CreateIndex(
                name: "IX_deposit_accounts_LicenseeId",
                table: "deposit_accounts",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_deposits_Id",
                table: "deposits",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_ImbMailerId_ImbSlot",
                table: "devices",
                columns: new[] { "ImbMailerId", "ImbSlot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_LicenseeId",
                table: "devices",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_devices_ProviderId",
                table: "devices",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_devices_Vendor_Model_Serial",
                table: "devices",
                columns: new[] { "Vendor", "Model", "Serial" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_disposals_CustomerRecordId",
                table: "disposals",
                column: "CustomerRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_CreatedAt",
                table: "idempotency_keys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_indicia_DeviceId_PieceNumber",
                table: "indicia",
                columns: new[] { "DeviceId", "PieceNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_indicia_Id",
                table: "indicia",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_indicium_designs_ProviderId",
                table: "indicium_designs",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_invitations_CodeHash",
                table: "invitations",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_leases_LicenseeId",
                table: "leases",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_leases_LicenseId",
                table: "leases",
                column: "LicenseId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_Cause_CauseId",
                table: "ledger_entries",
                columns: new[] { "Cause", "CauseId" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_Id",
                table: "ledger_entries",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_TransactionId",
                table: "ledger_entries",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_license_applications_LicenseeId_PostOfficeZip",
                table: "license_applications",
                columns: new[] { "LicenseeId", "PostOfficeZip" });

            migrationBuilder.CreateIndex(
                name: "IX_license_applications_ProviderId",
                table: "license_applications",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_licenses_LicenseeId",
                table: "licenses",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_logon_records_At",
                table: "logon_records",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_logon_records_RecordId",
                table: "logon_records",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_notices_LicenseeId",
                table: "notices",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_notices_SubjectId",
                table: "notices",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_privacy_requests_RequesterLicenseeId",
                table: "privacy_requests",
                column: "RequesterLicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_events_ProviderId",
                table: "provider_events",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_tasks_LicenseId",
                table: "provider_tasks",
                column: "LicenseId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_tasks_ProviderId_Status",
                table: "provider_tasks",
                columns: new[] { "ProviderId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_rate_tables_EffectiveOn",
                table: "rate_tables",
                column: "EffectiveOn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rate_tables_Name",
                table: "rate_tables",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_record_access_log_RecordId_At",
                table: "record_access_log",
                columns: new[] { "RecordId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_redates_Id",
                table: "redates",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_refunds_AccountId",
                table: "refunds",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_resets_DeviceId_Sequence",
                table: "resets",
                columns: new[] { "DeviceId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resets_Id",
                table: "resets",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_retention_runs_RanAt",
                table: "retention_runs",
                column: "RanAt");

            migrationBuilder.CreateIndex(
                name: "IX_security_access_CancelledAt",
                table: "security_access",
                column: "CancelledAt");

            migrationBuilder.CreateIndex(
                name: "IX_security_access_RecordId",
                table: "security_access",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_transmissions_Kind_Subject_ProviderId_Version",
                table: "transmissions",
                columns: new[] { "Kind", "Subject", "ProviderId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_users_Email",
                table: "users",
                column: "Email",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ach_records");

            migrationBuilder.DropTable(
                name: "activity_reports");

            migrationBuilder.DropTable(
                name: "advertisements");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "appeals");

            migrationBuilder.DropTable(
                name: "audit_challenges");

            migrationBuilder.DropTable(
                name: "audits");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "certificate_authorities");

            migrationBuilder.DropTable(
                name: "certificate_requests");

            migrationBuilder.DropTable(
                name: "certificates");

            migrationBuilder.DropTable(
                name: "classified_branches");

            migrationBuilder.DropTable(
                name: "collection_schedules");

            migrationBuilder.DropTable(
                name: "customer_keys");

            migrationBuilder.DropTable(
                name: "customer_record_versions");

            migrationBuilder.DropTable(
                name: "customer_records");

            migrationBuilder.DropTable(
                name: "deposit_accounts");

            migrationBuilder.DropTable(
                name: "deposits");

            migrationBuilder.DropTable(
                name: "device_events");

            migrationBuilder.DropTable(
                name: "devices");

            migrationBuilder.DropTable(
                name: "disposals");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "indicia");

            migrationBuilder.DropTable(
                name: "indicium_designs");

            migrationBuilder.DropTable(
                name: "installation");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "leases");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "license_applications");

            migrationBuilder.DropTable(
                name: "licensees");

            migrationBuilder.DropTable(
                name: "licenses");

            migrationBuilder.DropTable(
                name: "logon_records");

            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropTable(
                name: "privacy_requests");

            migrationBuilder.DropTable(
                name: "provider_events");

            migrationBuilder.DropTable(
                name: "provider_tasks");

            migrationBuilder.DropTable(
                name: "providers");

            migrationBuilder.DropTable(
                name: "rate_tables");

            migrationBuilder.DropTable(
                name: "record_access_log");

            migrationBuilder.DropTable(
                name: "redates");

            migrationBuilder.DropTable(
                name: "refunds");

            migrationBuilder.DropTable(
                name: "resets");

            migrationBuilder.DropTable(
                name: "retention_runs");

            migrationBuilder.DropTable(
                name: "security_access");

            migrationBuilder.DropTable(
                name: "transmissions");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
