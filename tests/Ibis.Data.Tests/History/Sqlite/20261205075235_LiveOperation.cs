using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class LiveOperation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsAdministrator",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "RemovedAt",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Sandbox",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SessionStamp",
                table: "users",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "AuthorizedOn",
                table: "providers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Sandbox",
                table: "providers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "providers",
                type: "TEXT",
                nullable: false,
                defaultValue: "authorized");

            migrationBuilder.AddColumn<long>(
                name: "StatusChangedAt",
                table: "providers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "providers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "LicenseeId",
                table: "devices",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<string>(
                name: "LicenseId",
                table: "devices",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<long>(
                name: "CommissionedAt",
                table: "devices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "InspectedAt",
                table: "devices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InspectedBy",
                table: "devices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseId",
                table: "devices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevocationReason",
                table: "certificates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RevokedAt",
                table: "certificates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "External",
                table: "certificate_authorities",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "api_keys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "api_keys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RotatedFrom",
                table: "api_keys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "certificate_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    Der = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    CertificateSerial = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificate_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "device_events",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    FromStatus = table.Column<string>(type: "TEXT", nullable: true),
                    ToStatus = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_events", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "installation",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AdministratorId = table.Column<string>(type: "TEXT", nullable: false),
                    CertificateAuthorityId = table.Column<string>(type: "TEXT", nullable: true),
                    InitializedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_installation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false),
                    IsAdministrator = table.Column<bool>(type: "INTEGER", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: true),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: true),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    InvitedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invitations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provider_events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_devices_ProviderId",
                table: "devices",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_LicenseeId",
                table: "api_keys",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_ProviderId",
                table: "api_keys",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_certificate_requests_DeviceId",
                table: "certificate_requests",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_invitations_CodeHash",
                table: "invitations",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_provider_events_ProviderId",
                table: "provider_events",
                column: "ProviderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificate_requests");

            migrationBuilder.DropTable(
                name: "device_events");

            migrationBuilder.DropTable(
                name: "installation");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "provider_events");

            migrationBuilder.DropIndex(
                name: "IX_devices_ProviderId",
                table: "devices");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_LicenseeId",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_ProviderId",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "IsAdministrator",
                table: "users");

            migrationBuilder.DropColumn(
                name: "RemovedAt",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Sandbox",
                table: "users");

            migrationBuilder.DropColumn(
                name: "SessionStamp",
                table: "users");

            migrationBuilder.DropColumn(
                name: "AuthorizedOn",
                table: "providers");

            migrationBuilder.DropColumn(
                name: "Sandbox",
                table: "providers");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "providers");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "providers");

            migrationBuilder.DropColumn(
                name: "StatusReason",
                table: "providers");

            migrationBuilder.DropColumn(
                name: "CommissionedAt",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "InspectedAt",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "InspectedBy",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "LeaseId",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "RevocationReason",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "External",
                table: "certificate_authorities");

            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "RotatedFrom",
                table: "api_keys");

            migrationBuilder.AlterColumn<string>(
                name: "LicenseeId",
                table: "devices",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "LicenseId",
                table: "devices",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
