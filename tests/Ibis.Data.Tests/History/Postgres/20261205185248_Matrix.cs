using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class Matrix : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "KeyHandle",
                table: "certificate_requests",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Rollover",
                table: "certificate_requests",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "KeyHandle",
                table: "certificate_requests");

            migrationBuilder.DropColumn(
                name: "Rollover",
                table: "certificate_requests");
        }
    }
}
