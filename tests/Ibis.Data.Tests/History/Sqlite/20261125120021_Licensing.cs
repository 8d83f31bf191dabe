using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class Licensing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApplicationId",
                table: "licenses",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RevisedAt",
                table: "licenses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "licenses",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RevocationReason",
                table: "licenses",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RevokedAt",
                table: "licenses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupersededBy",
                table: "licenses",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ach_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ach_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "appeals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Against = table.Column<string>(type: "TEXT", nullable: false),
                    DecisionId = table.Column<string>(type: "TEXT", nullable: false),
                    Statement = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    FiledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appeals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customer_keys",
                columns: table => new
                {
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_keys", x => x.RecordId);
                });

            migrationBuilder.CreateTable(
                name: "customer_record_versions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Document = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_record_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customer_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerName = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerNumber = table.Column<string>(type: "TEXT", nullable: false),
                    LogonId = table.Column<string>(type: "TEXT", nullable: true),
                    Document = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RelationshipEndedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "disposals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerRecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", nullable: false),
                    DisposedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_disposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseId = table.Column<string>(type: "TEXT", nullable: false),
                    SignedBy = table.Column<string>(type: "TEXT", nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ResettingAccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    CancelReason = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "license_applications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerRecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    PostOfficeCity = table.Column<string>(type: "TEXT", nullable: false),
                    PostOfficeState = table.Column<string>(type: "TEXT", nullable: false),
                    PostOfficeZip = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseId = table.Column<string>(type: "TEXT", nullable: true),
                    Document = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TransmissionId = table.Column<string>(type: "TEXT", nullable: true),
                    TransmissionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    RefusalReason = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TransmittedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_license_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "logon_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    LogonId = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_logon_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "privacy_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterLicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerName = table.Column<string>(type: "TEXT", nullable: true),
                    CustomerNumber = table.Column<string>(type: "TEXT", nullable: true),
                    LogonId = table.Column<string>(type: "TEXT", nullable: true),
                    RecordId = table.Column<string>(type: "TEXT", nullable: true),
                    Changes = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    VerifiedBy = table.Column<string>(type: "TEXT", nullable: true),
                    VerificationMethod = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    RefusalReasons = table.Column<string>(type: "TEXT", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_privacy_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provider_tasks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseId = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: true),
                    LeaseId = table.Column<string>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_tasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "record_access_log",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_access_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "security_access",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Privilege = table.Column<string>(type: "TEXT", nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_access", x => x.Id);
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
                name: "IX_appeals_DecisionId",
                table: "appeals",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_appeals_LicenseeId",
                table: "appeals",
                column: "LicenseeId");

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
                name: "IX_disposals_CustomerRecordId",
                table: "disposals",
                column: "CustomerRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_leases_LicenseeId",
                table: "leases",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_leases_LicenseId",
                table: "leases",
                column: "LicenseId");

            migrationBuilder.CreateIndex(
                name: "IX_license_applications_LicenseeId_PostOfficeZip",
                table: "license_applications",
                columns: new[] { "LicenseeId", "PostOfficeZip" });

            migrationBuilder.CreateIndex(
                name: "IX_license_applications_ProviderId",
                table: "license_applications",
                column: "ProviderId");

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
                name: "IX_provider_tasks_LicenseId",
                table: "provider_tasks",
                column: "LicenseId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_tasks_ProviderId_Status",
                table: "provider_tasks",
                columns: new[] { "ProviderId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_record_access_log_RecordId_At",
                table: "record_access_log",
                columns: new[] { "RecordId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_security_access_CancelledAt",
                table: "security_access",
                column: "CancelledAt");

            migrationBuilder.CreateIndex(
                name: "IX_security_access_RecordId",
                table: "security_access",
                column: "RecordId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ach_records");

            migrationBuilder.DropTable(
                name: "appeals");

            migrationBuilder.DropTable(
                name: "customer_keys");

            migrationBuilder.DropTable(
                name: "customer_record_versions");

            migrationBuilder.DropTable(
                name: "customer_records");

            migrationBuilder.DropTable(
                name: "disposals");

            migrationBuilder.DropTable(
                name: "leases");

            migrationBuilder.DropTable(
                name: "license_applications");

            migrationBuilder.DropTable(
                name: "logon_records");

            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropTable(
                name: "privacy_requests");

            migrationBuilder.DropTable(
                name: "provider_tasks");

            migrationBuilder.DropTable(
                name: "record_access_log");

            migrationBuilder.DropTable(
                name: "security_access");

            migrationBuilder.DropColumn(
                name: "ApplicationId",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "RevisedAt",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "RevocationReason",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "licenses");

            migrationBuilder.DropColumn(
                name: "SupersededBy",
                table: "licenses");
        }
    }
}
