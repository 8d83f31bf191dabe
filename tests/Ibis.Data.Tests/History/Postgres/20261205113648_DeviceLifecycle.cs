using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class DeviceLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Finding",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedBy",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AccountId",
                table: "activity_reports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LedgerTransactionId",
                table: "activity_reports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NoticeDescendingMills",
                table: "activity_reports",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignedBy",
                table: "activity_reports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ValidatedRefundMills",
                table: "activity_reports",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

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

            migrationBuilder.CreateIndex(
                name: "IX_incidents_DeviceId",
                table: "incidents",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_ProviderId_Kind",
                table: "incidents",
                columns: new[] { "ProviderId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_key_destructions_DestroyedAt",
                table: "key_destructions",
                column: "DestroyedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incident_steps");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "key_destructions");

            migrationBuilder.DropColumn(
                name: "Finding",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ResolvedBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "activity_reports");

            migrationBuilder.DropColumn(
                name: "LedgerTransactionId",
                table: "activity_reports");

            migrationBuilder.DropColumn(
                name: "NoticeDescendingMills",
                table: "activity_reports");

            migrationBuilder.DropColumn(
                name: "SignedBy",
                table: "activity_reports");

            migrationBuilder.DropColumn(
                name: "ValidatedRefundMills",
                table: "activity_reports");
        }
    }
}
