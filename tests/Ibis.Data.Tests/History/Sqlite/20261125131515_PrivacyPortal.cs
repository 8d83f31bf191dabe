using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class PrivacyPortal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReceivedVia",
                table: "privacy_requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerificationNote",
                table: "privacy_requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "retention_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", nullable: false),
                    Disposed = table.Column<int>(type: "INTEGER", nullable: false),
                    RanAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retention_runs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_retention_runs_RanAt",
                table: "retention_runs",
                column: "RanAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "retention_runs");

            migrationBuilder.DropColumn(
                name: "ReceivedVia",
                table: "privacy_requests");

            migrationBuilder.DropColumn(
                name: "VerificationNote",
                table: "privacy_requests");
        }
    }
}
