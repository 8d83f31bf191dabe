using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
            migrationBuilder.DropIndex(
                name: "ux_licenses_one_valid_per_post_office",
                table: "licenses");

            migrationBuilder.DropIndex(
                name: "ux_deposit_accounts_one_open",
                table: "deposit_accounts");
        }
    }
}
