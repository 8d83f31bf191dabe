using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class PostalOversight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "oversight_reads",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false),
                    Resource = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oversight_reads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_samples",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    ScanPng = table.Column<byte[]>(type: "BLOB", nullable: false),
                    BarcodeGrade = table.Column<string>(type: "TEXT", nullable: true),
                    Deficiencies = table.Column<string>(type: "TEXT", nullable: true),
                    Guidance = table.Column<string>(type: "TEXT", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    GradedBy = table.Column<string>(type: "TEXT", nullable: true),
                    GradedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_samples", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_oversight_reads_ReadAt",
                table: "oversight_reads",
                column: "ReadAt");

            migrationBuilder.CreateIndex(
                name: "IX_oversight_reads_SubjectId",
                table: "oversight_reads",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_quality_samples_DeviceId_SubmittedAt",
                table: "quality_samples",
                columns: new[] { "DeviceId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_samples_ProviderId",
                table: "quality_samples",
                column: "ProviderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "oversight_reads");

            migrationBuilder.DropTable(
                name: "quality_samples");
        }
    }
}
