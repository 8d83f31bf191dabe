using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    Resource = table.Column<string>(type: "text", nullable: false),
                    SubjectId = table.Column<string>(type: "text", nullable: true),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oversight_reads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_samples",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    ScanPng = table.Column<byte[]>(type: "bytea", nullable: false),
                    BarcodeGrade = table.Column<string>(type: "text", nullable: true),
                    Deficiencies = table.Column<string>(type: "text", nullable: true),
                    Guidance = table.Column<string>(type: "text", nullable: true),
                    SubmittedBy = table.Column<string>(type: "text", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GradedBy = table.Column<string>(type: "text", nullable: true),
                    GradedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
