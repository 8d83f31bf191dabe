using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RemovedAt",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Sandbox",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SessionStamp",
                table: "users",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "AuthorizedOn",
                table: "providers",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Sandbox",
                table: "providers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "providers",
                type: "text",
                nullable: false,
                defaultValue: "authorized");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatusChangedAt",
                table: "providers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "providers",
                type: "text",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "LicenseeId",
                table: "devices",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "LicenseId",
                table: "devices",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CommissionedAt",
                table: "devices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "InspectedAt",
                table: "devices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InspectedBy",
                table: "devices",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseId",
                table: "devices",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevocationReason",
                table: "certificates",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RevokedAt",
                table: "certificates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "External",
                table: "certificate_authorities",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "api_keys",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "api_keys",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RotatedFrom",
                table: "api_keys",
                type: "text",
                nullable: true);

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
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "LicenseId",
                table: "devices",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
