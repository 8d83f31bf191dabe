using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
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
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Rollover",
                table: "certificate_requests",
                type: "INTEGER",
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
