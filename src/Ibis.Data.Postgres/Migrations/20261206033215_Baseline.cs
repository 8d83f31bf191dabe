using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Postgres.Migrations
{
    /// <summary>
    /// The schema in one step: the migrations before the first release squashed into this one (the chain
    /// it replaces is kept in the data tests' History/ and proven to make the same schema). Besides the
    /// model's tables it makes, by hand, what the chain made by raw SQL: the scheduler's job store
    /// (Quartz.NET ADO tables, <see cref="QuartzSchema"/>), which is no part of the EF model.
    /// </summary>
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
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NoticeDescendingMills = table.Column<long>(type: "bigint", nullable: true),
                    ValidatedRefundMills = table.Column<long>(type: "bigint", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: true),
                    LedgerTransactionId = table.Column<string>(type: "text", nullable: true),
                    RefundId = table.Column<string>(type: "text", nullable: true),
                    SignedBy = table.Column<string>(type: "text", nullable: true),
                    RegistersNotValidatedReason = table.Column<string>(type: "text", nullable: true),
                    ExaminationValidatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExaminedBy = table.Column<string>(type: "text", nullable: true),
                    ExaminationFindings = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "address_book_entries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Line1 = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Line2 = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    City = table.Column<string>(type: "character varying(25)", maxLength: 25, nullable: false),
                    State = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Zip5 = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Zip4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    DeliveryPoint = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Company = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    DefaultReturn = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_address_book_entries", x => x.Id);
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
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Finding = table.Column<string>(type: "text", nullable: true),
                    ResolvedBy = table.Column<string>(type: "text", nullable: true),
                    InvestigationStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    InvestigatedBy = table.Column<string>(type: "text", nullable: true),
                    ResolutionNote = table.Column<string>(type: "text", nullable: true)
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
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Rollover = table.Column<bool>(type: "boolean", nullable: false),
                    KeyHandle = table.Column<byte[]>(type: "bytea", nullable: true)
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
                name: "compliance_duties",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Rule = table.Column<string>(type: "text", nullable: false),
                    Section = table.Column<string>(type: "text", nullable: false),
                    SubjectId = table.Column<string>(type: "text", nullable: false),
                    Owner = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: true),
                    LicenseeId = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RemindedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OverdueNoticedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EscalatedTo = table.Column<string>(type: "text", nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_compliance_duties", x => x.Id);
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
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Xml = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
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
                name: "device_shipments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Direction = table.Column<string>(type: "text", nullable: false),
                    Carrier = table.Column<string>(type: "text", nullable: false),
                    Service = table.Column<string>(type: "text", nullable: false),
                    TrackingNumber = table.Column<string>(type: "text", nullable: false),
                    WrittenPermission = table.Column<string>(type: "text", nullable: true),
                    IncidentId = table.Column<string>(type: "text", nullable: true),
                    RecordedBy = table.Column<string>(type: "text", nullable: false),
                    ShippedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_shipments", x => x.Id);
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
                    RecordedResetsMills = table.Column<long>(type: "bigint", nullable: false),
                    RecordedPostageMills = table.Column<long>(type: "bigint", nullable: false),
                    RecordedPieces = table.Column<long>(type: "bigint", nullable: false),
                    SealVersion = table.Column<int>(type: "integer", nullable: false),
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
                name: "disclosures",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    Recipient = table.Column<string>(type: "text", nullable: false),
                    RecipientAddress = table.Column<string>(type: "text", nullable: false),
                    RoutineUse = table.Column<string>(type: "text", nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    Records = table.Column<string>(type: "text", nullable: false),
                    DisclosedBy = table.Column<string>(type: "text", nullable: false),
                    DisclosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_disclosures", x => x.Id);
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
                name: "incident_steps",
                columns: table => new
                {
                    IncidentId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_steps", x => new { x.IncidentId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Origin = table.Column<string>(type: "text", nullable: false),
                    ReportedBy = table.Column<string>(type: "text", nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Place = table.Column<string>(type: "text", nullable: true),
                    Details = table.Column<string>(type: "text", nullable: true),
                    PoliceReportReference = table.Column<string>(type: "text", nullable: true),
                    PoliceReportRecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    InspectionServiceContact = table.Column<string>(type: "text", nullable: true),
                    InspectionServiceNotifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IncidentReportDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    IncidentReportFiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RecoveredOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RecoveryPlace = table.Column<string>(type: "text", nullable: true),
                    RecoveryDetails = table.Column<string>(type: "text", nullable: true),
                    RecoveryReportDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RecoveryReportFiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RetrievalDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RetrievedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ShipmentCarrier = table.Column<string>(type: "text", nullable: true),
                    ShipmentService = table.Column<string>(type: "text", nullable: true),
                    ShipmentTracking = table.Column<string>(type: "text", nullable: true),
                    ShipmentPermission = table.Column<string>(type: "text", nullable: true),
                    ExaminedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExaminationFindings = table.Column<string>(type: "text", nullable: true),
                    PostageLostMills = table.Column<long>(type: "bigint", nullable: false),
                    FraudSuspected = table.Column<bool>(type: "boolean", nullable: false),
                    ReplacementDeviceId = table.Column<string>(type: "text", nullable: true),
                    ReplacedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
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
                    FromName = table.Column<string>(type: "text", nullable: true),
                    FromCompany = table.Column<string>(type: "text", nullable: true),
                    FromLines = table.Column<string>(type: "text", nullable: true),
                    FromCity = table.Column<string>(type: "text", nullable: true),
                    FromState = table.Column<string>(type: "text", nullable: true),
                    FromZip5 = table.Column<string>(type: "text", nullable: true),
                    FromZip4 = table.Column<string>(type: "text", nullable: true),
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
                name: "key_destructions",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    KeyHandle = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DestroyedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_key_destructions", x => x.DeviceId);
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
                name: "outbox_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    MessageId = table.Column<string>(type: "text", nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    SourceKey = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ToAddress = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    DutyId = table.Column<string>(type: "text", nullable: true),
                    NoticeId = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "oversight_reads",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    Resource = table.Column<string>(type: "text", nullable: false),
                    SubjectId = table.Column<string>(type: "text", nullable: true),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oversight_reads", x => x.Id);
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
                name: "provider_sanction_events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    SanctionId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_sanction_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provider_sanctions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Basis = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Stage = table.Column<string>(type: "text", nullable: false),
                    Grounds = table.Column<string>(type: "text", nullable: false),
                    Willful = table.Column<bool>(type: "boolean", nullable: false),
                    SuspensionDays = table.Column<int>(type: "integer", nullable: true),
                    AmountMills = table.Column<long>(type: "bigint", nullable: true),
                    CureDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NoticedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DefenseDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DefendedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppealDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppealedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppealDecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EffectiveAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TookEffectAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RemainingSecondsAtStay = table.Column<long>(type: "bigint", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IssuedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_sanctions", x => x.Id);
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
                name: "quality_samples",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    ScanPng = table.Column<byte[]>(type: "bytea", nullable: false),
                    BarcodeGrade = table.Column<string>(type: "text", nullable: true),
                    Deficiencies = table.Column<string>(type: "text", nullable: true),
                    Guidance = table.Column<string>(type: "text", nullable: true),
                    Measurements = table.Column<string>(type: "text", nullable: true),
                    SubmittedBy = table.Column<string>(type: "text", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GradedBy = table.Column<string>(type: "text", nullable: true),
                    GradedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_samples", x => x.Id);
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
                name: "recovery_codes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    CodeHash = table.Column<string>(type: "text", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recovery_codes", x => x.Id);
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
                name: "refund_events",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_events", x => new { x.RefundId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "refund_pages",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Symbols = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_pages", x => new { x.RefundId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "refund_pieces",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    IndiciumId = table.Column<string>(type: "text", nullable: true),
                    ListedAs = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: true),
                    PostageMills = table.Column<long>(type: "bigint", nullable: true),
                    MailingDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Qualifies = table.Column<bool>(type: "boolean", nullable: false),
                    ReasonCode = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    AnnotatedBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_pieces", x => new { x.RefundId, x.Line });
                });

            migrationBuilder.CreateTable(
                name: "refund_receipts",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Page = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: true),
                    IndiciumId = table.Column<string>(type: "text", nullable: true),
                    Detail = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_receipts", x => new { x.RefundId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "refund_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: true),
                    ActivityReportId = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    ListedMills = table.Column<long>(type: "bigint", nullable: false),
                    QualifyingMills = table.Column<long>(type: "bigint", nullable: false),
                    RejectionCode = table.Column<string>(type: "text", nullable: true),
                    RejectionReason = table.Column<string>(type: "text", nullable: true),
                    RequestedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CertifiedBy = table.Column<string>(type: "text", nullable: true),
                    CertifiedByUser = table.Column<string>(type: "text", nullable: true),
                    CertificationDigest = table.Column<string>(type: "text", nullable: true),
                    CertifiedMills = table.Column<long>(type: "bigint", nullable: true),
                    CertifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TransmissionId = table.Column<string>(type: "text", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RetainUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PiecesDestroyedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ApprovedBy = table.Column<string>(type: "text", nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AccountId = table.Column<string>(type: "text", nullable: true),
                    LedgerTransactionId = table.Column<string>(type: "text", nullable: true),
                    PaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RejectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReceivedBy = table.Column<string>(type: "text", nullable: true),
                    AuditedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AuditedBy = table.Column<string>(type: "text", nullable: true),
                    AuditFinding = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "refunded_pieces",
                columns: table => new
                {
                    IndiciumId = table.Column<string>(type: "text", nullable: false),
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    PieceNumber = table.Column<long>(type: "bigint", nullable: false),
                    PostageMills = table.Column<long>(type: "bigint", nullable: false),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refunded_pieces", x => x.IndiciumId);
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
                name: "scan_tallies",
                columns: table => new
                {
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    Scanned = table.Column<long>(type: "bigint", nullable: false),
                    Valid = table.Column<long>(type: "bigint", nullable: false),
                    Duplicates = table.Column<long>(type: "bigint", nullable: false),
                    Late = table.Column<long>(type: "bigint", nullable: false),
                    Invalid = table.Column<long>(type: "bigint", nullable: false),
                    Forgeries = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_tallies", x => new { x.Sandbox, x.Day, x.DeviceId });
                });

            migrationBuilder.CreateTable(
                name: "second_factors",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    SealedSecret = table.Column<byte[]>(type: "bytea", nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastStep = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_second_factors", x => x.UserId);
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
                name: "security_reports",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Circumstances = table.Column<string>(type: "text", nullable: false),
                    InvestigativeProcedure = table.Column<string>(type: "text", nullable: true),
                    AnticipatedCompletionOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Findings = table.Column<string>(type: "text", nullable: true),
                    FiledBy = table.Column<string>(type: "text", nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TransmissionId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sign_in_failures",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Address = table.Column<string>(type: "text", nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sign_in_failures", x => new { x.UserId, x.Address });
                });

            migrationBuilder.CreateTable(
                name: "test_indicia_destructions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    FaceValueMills = table.Column<long>(type: "bigint", nullable: false),
                    Trigger = table.Column<string>(type: "text", nullable: false),
                    DestroyedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_indicia_destructions", x => x.Id);
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

            migrationBuilder.CreateTable(
                name: "webhook_attempts",
                columns: table => new
                {
                    DeliveryId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    AttemptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    DurationMs = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_attempts", x => new { x.DeliveryId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    EndpointId = table.Column<string>(type: "text", nullable: false),
                    EventId = table.Column<string>(type: "text", nullable: false),
                    EventType = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_endpoints",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    OwnerId = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false),
                    EventTypes = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    KeyId = table.Column<string>(type: "text", nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    PrivateKeyEncrypted = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_endpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    RecipientId = table.Column<string>(type: "text", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false),
                    DedupeKey = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_events", x => x.Id);
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
                name: "IX_address_book_entries_LicenseeId_Name",
                table: "address_book_entries",
                columns: new[] { "LicenseeId", "Name" });

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
                name: "IX_compliance_duties_LicenseeId",
                table: "compliance_duties",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_compliance_duties_ProviderId",
                table: "compliance_duties",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_compliance_duties_Rule_SubjectId_DueAt",
                table: "compliance_duties",
                columns: new[] { "Rule", "SubjectId", "DueAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_compliance_duties_State_DueAt",
                table: "compliance_duties",
                columns: new[] { "State", "DueAt" });

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
                name: "ux_deposit_accounts_one_open",
                table: "deposit_accounts",
                column: "LicenseeId",
                unique: true,
                filter: "\"Status\" <> 'closed'");

            migrationBuilder.CreateIndex(
                name: "IX_deposits_Id",
                table: "deposits",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_device_shipments_DeviceId_ShippedAt",
                table: "device_shipments",
                columns: new[] { "DeviceId", "ShippedAt" });

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
                name: "IX_disclosures_LicenseeId_DisclosedAt",
                table: "disclosures",
                columns: new[] { "LicenseeId", "DisclosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_disclosures_RecordId",
                table: "disclosures",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_disposals_CustomerRecordId",
                table: "disposals",
                column: "CustomerRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_CreatedAt",
                table: "idempotency_keys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_DeviceId",
                table: "incidents",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_ProviderId_Kind",
                table: "incidents",
                columns: new[] { "ProviderId", "Kind" });

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
                name: "IX_key_destructions_DestroyedAt",
                table: "key_destructions",
                column: "DestroyedAt");

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
                name: "ux_licenses_one_valid_per_post_office",
                table: "licenses",
                columns: new[] { "LicenseeId", "PostOfficeZip" },
                unique: true,
                filter: "\"Status\" = 'valid'");

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
                name: "IX_outbox_deliveries_MessageId",
                table: "outbox_deliveries",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SourceKey_UserId",
                table: "outbox_messages",
                columns: new[] { "SourceKey", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_Status_NextAttemptAt",
                table: "outbox_messages",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_UserId",
                table: "outbox_messages",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_oversight_reads_ReadAt",
                table: "oversight_reads",
                column: "ReadAt");

            migrationBuilder.CreateIndex(
                name: "IX_oversight_reads_SubjectId",
                table: "oversight_reads",
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
                name: "IX_provider_sanction_events_SanctionId",
                table: "provider_sanction_events",
                column: "SanctionId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_sanctions_ProviderId",
                table: "provider_sanctions",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_sanctions_Stage",
                table: "provider_sanctions",
                column: "Stage");

            migrationBuilder.CreateIndex(
                name: "IX_provider_tasks_LicenseId",
                table: "provider_tasks",
                column: "LicenseId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_tasks_ProviderId_Status",
                table: "provider_tasks",
                columns: new[] { "ProviderId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_samples_DeviceId_SubmittedAt",
                table: "quality_samples",
                columns: new[] { "DeviceId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_samples_ProviderId",
                table: "quality_samples",
                column: "ProviderId");

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
                name: "IX_recovery_codes_CodeHash",
                table: "recovery_codes",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recovery_codes_UserId",
                table: "recovery_codes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_redates_Id",
                table: "redates",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_refund_pieces_IndiciumId",
                table: "refund_pieces",
                column: "IndiciumId");

            migrationBuilder.CreateIndex(
                name: "IX_refund_requests_LicenseeId",
                table: "refund_requests",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_refund_requests_ProviderId",
                table: "refund_requests",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_refund_requests_Status_RetainUntil",
                table: "refund_requests",
                columns: new[] { "Status", "RetainUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_refunded_pieces_DeviceId_PieceNumber",
                table: "refunded_pieces",
                columns: new[] { "DeviceId", "PieceNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_refunded_pieces_RefundId",
                table: "refunded_pieces",
                column: "RefundId");

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
                name: "IX_scan_tallies_Sandbox_LicenseeId_Day",
                table: "scan_tallies",
                columns: new[] { "Sandbox", "LicenseeId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_scan_tallies_Sandbox_ProviderId_Day",
                table: "scan_tallies",
                columns: new[] { "Sandbox", "ProviderId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_security_access_CancelledAt",
                table: "security_access",
                column: "CancelledAt");

            migrationBuilder.CreateIndex(
                name: "IX_security_access_RecordId",
                table: "security_access",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_security_reports_CaseId_FiledAt",
                table: "security_reports",
                columns: new[] { "CaseId", "FiledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_security_reports_CaseId_Kind",
                table: "security_reports",
                columns: new[] { "CaseId", "Kind" },
                unique: true,
                filter: "\"Kind\" <> 'status'");

            migrationBuilder.CreateIndex(
                name: "IX_security_reports_ProviderId",
                table: "security_reports",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_test_indicia_destructions_ProviderId_Day",
                table: "test_indicia_destructions",
                columns: new[] { "ProviderId", "Day" },
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_EndpointId_CreatedAt",
                table: "webhook_deliveries",
                columns: new[] { "EndpointId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_EndpointId_EventId",
                table: "webhook_deliveries",
                columns: new[] { "EndpointId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_Status_NextAttemptAt",
                table: "webhook_deliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_endpoints_KeyId",
                table: "webhook_endpoints",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_endpoints_OwnerId_Sandbox",
                table: "webhook_endpoints",
                columns: new[] { "OwnerId", "Sandbox" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_DedupeKey",
                table: "webhook_events",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_DispatchedAt_CreatedAt",
                table: "webhook_events",
                columns: new[] { "DispatchedAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_events_RecipientId",
                table: "webhook_events",
                column: "RecipientId");

            // Not in the EF model, so no model diff makes it: carried over from the chain's ComplianceScheduler.
            QuartzSchema.Create(migrationBuilder, postgres: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            QuartzSchema.Drop(migrationBuilder);

            migrationBuilder.DropTable(
                name: "ach_records");

            migrationBuilder.DropTable(
                name: "activity_reports");

            migrationBuilder.DropTable(
                name: "address_book_entries");

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
                name: "compliance_duties");

            migrationBuilder.DropTable(
                name: "customer_keys");

            migrationBuilder.DropTable(
                name: "customer_record_versions");

            migrationBuilder.DropTable(
                name: "customer_records");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "deposit_accounts");

            migrationBuilder.DropTable(
                name: "deposits");

            migrationBuilder.DropTable(
                name: "device_events");

            migrationBuilder.DropTable(
                name: "device_shipments");

            migrationBuilder.DropTable(
                name: "devices");

            migrationBuilder.DropTable(
                name: "disclosures");

            migrationBuilder.DropTable(
                name: "disposals");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "incident_steps");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "indicia");

            migrationBuilder.DropTable(
                name: "indicium_designs");

            migrationBuilder.DropTable(
                name: "installation");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "key_destructions");

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
                name: "outbox_deliveries");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "oversight_reads");

            migrationBuilder.DropTable(
                name: "privacy_requests");

            migrationBuilder.DropTable(
                name: "provider_events");

            migrationBuilder.DropTable(
                name: "provider_sanction_events");

            migrationBuilder.DropTable(
                name: "provider_sanctions");

            migrationBuilder.DropTable(
                name: "provider_tasks");

            migrationBuilder.DropTable(
                name: "providers");

            migrationBuilder.DropTable(
                name: "quality_samples");

            migrationBuilder.DropTable(
                name: "rate_tables");

            migrationBuilder.DropTable(
                name: "record_access_log");

            migrationBuilder.DropTable(
                name: "recovery_codes");

            migrationBuilder.DropTable(
                name: "redates");

            migrationBuilder.DropTable(
                name: "refund_events");

            migrationBuilder.DropTable(
                name: "refund_pages");

            migrationBuilder.DropTable(
                name: "refund_pieces");

            migrationBuilder.DropTable(
                name: "refund_receipts");

            migrationBuilder.DropTable(
                name: "refund_requests");

            migrationBuilder.DropTable(
                name: "refunded_pieces");

            migrationBuilder.DropTable(
                name: "refunds");

            migrationBuilder.DropTable(
                name: "resets");

            migrationBuilder.DropTable(
                name: "retention_runs");

            migrationBuilder.DropTable(
                name: "scan_tallies");

            migrationBuilder.DropTable(
                name: "second_factors");

            migrationBuilder.DropTable(
                name: "security_access");

            migrationBuilder.DropTable(
                name: "security_reports");

            migrationBuilder.DropTable(
                name: "sign_in_failures");

            migrationBuilder.DropTable(
                name: "test_indicia_destructions");

            migrationBuilder.DropTable(
                name: "transmissions");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "webhook_attempts");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "webhook_endpoints");

            migrationBuilder.DropTable(
                name: "webhook_events");
        }
    }
}
