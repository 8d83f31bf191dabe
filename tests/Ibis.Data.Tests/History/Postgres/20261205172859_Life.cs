using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class Life : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InvestigatedBy",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "InvestigationStartedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolutionNote",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistersNotValidatedReason",
                table: "activity_reports",
                type: "text",
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_device_shipments_DeviceId_ShippedAt",
                table: "device_shipments",
                columns: new[] { "DeviceId", "ShippedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "device_shipments");

            migrationBuilder.DropColumn(
                name: "InvestigatedBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "InvestigationStartedAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ResolutionNote",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "RegistersNotValidatedReason",
                table: "activity_reports");
        }
    }
}
