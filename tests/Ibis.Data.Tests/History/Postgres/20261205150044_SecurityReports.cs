using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class SecurityReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "security_reports",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Circumstances = table.Column<string>(type: "text", nullable: false),
                    InvestigativeProcedure = table.Column<string>(type: "text", nullable: true),
                    AnticipatedCompletionOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Findings = table.Column<string>(type: "text", nullable: true),
                    FiledBy = table.Column<string>(type: "text", nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TransmissionId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_reports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_security_reports_CaseId_FiledAt",
                table: "security_reports",
                columns: new[] { "CaseId", "FiledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_security_reports_CaseId_Kind",
                table: "security_reports",
                columns: new[] { "CaseId", "Kind" },
                unique: true,
                filter: "\"Kind\" <> 'status'");

            migrationBuilder.CreateIndex(
                name: "IX_security_reports_ProviderId",
                table: "security_reports",
                column: "ProviderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "security_reports");
        }
    }
}
