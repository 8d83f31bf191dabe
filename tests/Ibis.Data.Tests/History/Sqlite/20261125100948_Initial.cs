using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "activity_reports",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    AscendingMills = table.Column<long>(type: "INTEGER", nullable: false),
                    DescendingMills = table.Column<long>(type: "INTEGER", nullable: false),
                    ControlTotalMills = table.Column<long>(type: "INTEGER", nullable: false),
                    PieceCount = table.Column<long>(type: "INTEGER", nullable: false),
                    RefundDueMills = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: true),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_challenges",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    Nonce = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_challenges", x => new { x.DeviceId, x.Nonce });
                });

            migrationBuilder.CreateTable(
                name: "audits",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Nonce = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Message = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audits", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "certificate_authorities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    CertificateDer = table.Column<byte[]>(type: "BLOB", nullable: false),
                    KeyHandle = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificate_authorities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "certificates",
                columns: table => new
                {
                    Serial = table.Column<long>(type: "INTEGER", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    AuthorityId = table.Column<string>(type: "TEXT", nullable: false),
                    Der = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Revoked = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificates", x => x.Serial);
                });

            migrationBuilder.CreateTable(
                name: "deposit_accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    BalanceMills = table.Column<long>(type: "INTEGER", nullable: false),
                    AdvanceLimitMills = table.Column<long>(type: "INTEGER", nullable: false),
                    AdvanceOutstandingMills = table.Column<long>(type: "INTEGER", nullable: false),
                    LedgerSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    DepositRequirementAcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MonthlyStatement = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClosingRequestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deposit_accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deposits",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Method = table.Column<string>(type: "TEXT", nullable: false),
                    AmountMills = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    PaymentReference = table.Column<string>(type: "TEXT", nullable: true),
                    InstrumentMasked = table.Column<string>(type: "TEXT", nullable: true),
                    InstrumentEncrypted = table.Column<byte[]>(type: "BLOB", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SettledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deposits", x => new { x.AccountId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "devices",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Vendor = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<int>(type: "INTEGER", nullable: false),
                    Serial = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    LockReason = table.Column<string>(type: "TEXT", nullable: true),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    AscendingMills = table.Column<long>(type: "INTEGER", nullable: false),
                    DescendingMills = table.Column<long>(type: "INTEGER", nullable: false),
                    ControlTotalMills = table.Column<long>(type: "INTEGER", nullable: false),
                    PieceCount = table.Column<long>(type: "INTEGER", nullable: false),
                    CapMills = table.Column<long>(type: "INTEGER", nullable: false),
                    ResetCount = table.Column<long>(type: "INTEGER", nullable: false),
                    KeyHandle = table.Column<byte[]>(type: "BLOB", nullable: false),
                    MacKeyHandle = table.Column<byte[]>(type: "BLOB", nullable: false),
                    RegisterMac = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PreviousMac = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CertificateSerial = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    LastResetAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastAuditAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WatchdogDeadline = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_devices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Location = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => new { x.Scope, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "indicia",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PieceNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PostageMills = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountDueMills = table.Column<long>(type: "INTEGER", nullable: false),
                    AscendingAfterMills = table.Column<long>(type: "INTEGER", nullable: false),
                    DescendingAfterMills = table.Column<long>(type: "INTEGER", nullable: false),
                    MailClass = table.Column<string>(type: "TEXT", nullable: false),
                    RateCategory = table.Column<string>(type: "TEXT", nullable: false),
                    WeightOz = table.Column<string>(type: "TEXT", nullable: false),
                    MailingDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DestinationZip = table.Column<string>(type: "TEXT", nullable: true),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indicia", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: true),
                    TransactionId = table.Column<string>(type: "TEXT", nullable: false),
                    Book = table.Column<string>(type: "TEXT", nullable: false),
                    AmountMills = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceAfterMills = table.Column<long>(type: "INTEGER", nullable: false),
                    Cause = table.Column<string>(type: "TEXT", nullable: false),
                    CauseId = table.Column<string>(type: "TEXT", nullable: false),
                    Memo = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entries", x => new { x.AccountId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "licensees",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    DrCapMills = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licensees", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "licenses",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    PostOfficeCity = table.Column<string>(type: "TEXT", nullable: false),
                    PostOfficeState = table.Column<string>(type: "TEXT", nullable: false),
                    PostOfficeZip = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licenses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "providers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_providers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "refunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Payee = table.Column<string>(type: "TEXT", nullable: false),
                    AmountMills = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "resets",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    AmountMills = table.Column<long>(type: "INTEGER", nullable: false),
                    AscendingAfterMills = table.Column<long>(type: "INTEGER", nullable: false),
                    DescendingAfterMills = table.Column<long>(type: "INTEGER", nullable: false),
                    ControlTotalAfterMills = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountBalanceAfterMills = table.Column<long>(type: "INTEGER", nullable: false),
                    AuditId = table.Column<string>(type: "TEXT", nullable: true),
                    Record = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resets", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "transmissions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transmissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: true),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: true),
                    FailedLogins = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_activity_reports_DeviceId",
                table: "activity_reports",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_Hash",
                table: "api_keys",
                column: "Hash",
                unique: true);

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
                name: "IX_certificates_DeviceId",
                table: "certificates",
                column: "DeviceId");

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
                name: "IX_devices_LicenseeId",
                table: "devices",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_devices_Vendor_Model_Serial",
                table: "devices",
                columns: new[] { "Vendor", "Model", "Serial" },
                unique: true);

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
                name: "IX_licenses_LicenseeId",
                table: "licenses",
                column: "LicenseeId");

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
                name: "activity_reports");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "audit_challenges");

            migrationBuilder.DropTable(
                name: "audits");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "certificate_authorities");

            migrationBuilder.DropTable(
                name: "certificates");

            migrationBuilder.DropTable(
                name: "deposit_accounts");

            migrationBuilder.DropTable(
                name: "deposits");

            migrationBuilder.DropTable(
                name: "devices");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "indicia");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "licensees");

            migrationBuilder.DropTable(
                name: "licenses");

            migrationBuilder.DropTable(
                name: "providers");

            migrationBuilder.DropTable(
                name: "refunds");

            migrationBuilder.DropTable(
                name: "resets");

            migrationBuilder.DropTable(
                name: "transmissions");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
