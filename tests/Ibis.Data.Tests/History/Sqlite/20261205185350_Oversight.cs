using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "scan_tallies",
                columns: table => new
                {
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    Scanned = table.Column<long>(type: "INTEGER", nullable: false),
                    Valid = table.Column<long>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<long>(type: "INTEGER", nullable: false),
                    Late = table.Column<long>(type: "INTEGER", nullable: false),
                    Invalid = table.Column<long>(type: "INTEGER", nullable: false),
                    Forgeries = table.Column<long>(type: "INTEGER", nullable: false)
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
