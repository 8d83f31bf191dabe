using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Xml = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sign_in_failures",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sign_in_failures", x => new { x.UserId, x.Address });
                });

            migrationBuilder.CreateIndex(
                name: "ux_licenses_one_valid_per_post_office",
                table: "licenses",
                columns: new[] { "LicenseeId", "PostOfficeZip" },
                unique: true,
                filter: "\"Status\" = 'valid'");

            migrationBuilder.CreateIndex(
                name: "ux_deposit_accounts_one_open",
                table: "deposit_accounts",
                column: "LicenseeId",
                unique: true,
                filter: "\"Status\" <> 'closed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "sign_in_failures");

            migrationBuilder.DropIndex(
                name: "ux_licenses_one_valid_per_post_office",
                table: "licenses");

            migrationBuilder.DropIndex(
                name: "ux_deposit_accounts_one_open",
                table: "deposit_accounts");
        }
    }
}
