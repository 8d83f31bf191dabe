using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "InvestigationStartedAt",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolutionNote",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistersNotValidatedReason",
                table: "activity_reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "device_shipments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: true),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", nullable: false),
                    Carrier = table.Column<string>(type: "TEXT", nullable: false),
                    Service = table.Column<string>(type: "TEXT", nullable: false),
                    TrackingNumber = table.Column<string>(type: "TEXT", nullable: false),
                    WrittenPermission = table.Column<string>(type: "TEXT", nullable: true),
                    IncidentId = table.Column<string>(type: "TEXT", nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ShippedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
