using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class Oversight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Measurements",
                table: "quality_samples",
                type: "text",
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_scan_tallies_Sandbox_LicenseeId_Day",
                table: "scan_tallies",
                columns: new[] { "Sandbox", "LicenseeId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_scan_tallies_Sandbox_ProviderId_Day",
                table: "scan_tallies",
                columns: new[] { "Sandbox", "ProviderId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scan_tallies");

            migrationBuilder.DropColumn(
                name: "Measurements",
                table: "quality_samples");
        }
    }
}
