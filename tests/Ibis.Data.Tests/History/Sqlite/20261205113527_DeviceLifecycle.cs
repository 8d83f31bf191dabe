using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedBy",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AccountId",
                table: "activity_reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LedgerTransactionId",
                table: "activity_reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NoticeDescendingMills",
                table: "activity_reports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignedBy",
                table: "activity_reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ValidatedRefundMills",
                table: "activity_reports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "incident_steps",
                columns: table => new
                {
                    IncidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_steps", x => new { x.IncidentId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: true),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Place = table.Column<string>(type: "TEXT", nullable: true),
                    Details = table.Column<string>(type: "TEXT", nullable: true),
                    PoliceReportReference = table.Column<string>(type: "TEXT", nullable: true),
                    PoliceReportRecordedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    InspectionServiceContact = table.Column<string>(type: "TEXT", nullable: true),
                    InspectionServiceNotifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IncidentReportDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IncidentReportFiledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RecoveredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RecoveryPlace = table.Column<string>(type: "TEXT", nullable: true),
                    RecoveryDetails = table.Column<string>(type: "TEXT", nullable: true),
                    RecoveryReportDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RecoveryReportFiledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RetrievalDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RetrievedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ShipmentCarrier = table.Column<string>(type: "TEXT", nullable: true),
                    ShipmentService = table.Column<string>(type: "TEXT", nullable: true),
                    ShipmentTracking = table.Column<string>(type: "TEXT", nullable: true),
                    ShipmentPermission = table.Column<string>(type: "TEXT", nullable: true),
                    ExaminedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExaminationFindings = table.Column<string>(type: "TEXT", nullable: true),
                    PostageLostMills = table.Column<long>(type: "INTEGER", nullable: false),
                    FraudSuspected = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReplacementDeviceId = table.Column<string>(type: "TEXT", nullable: true),
                    ReplacedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "key_destructions",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    KeyHandle = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DestroyedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
