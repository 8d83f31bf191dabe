using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class Refund : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AuditFinding",
                table: "refund_requests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AuditedAt",
                table: "refund_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AuditedBy",
                table: "refund_requests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReceivedAt",
                table: "refund_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReceivedBy",
                table: "refund_requests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefundId",
                table: "activity_reports",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "refund_receipts",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Page = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: true),
                    IndiciumId = table.Column<string>(type: "text", nullable: true),
                    Detail = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_receipts", x => new { x.RefundId, x.Number });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "refund_receipts");

            migrationBuilder.DropColumn(
                name: "AuditFinding",
                table: "refund_requests");

            migrationBuilder.DropColumn(
                name: "AuditedAt",
                table: "refund_requests");

            migrationBuilder.DropColumn(
                name: "AuditedBy",
                table: "refund_requests");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                table: "refund_requests");

            migrationBuilder.DropColumn(
                name: "ReceivedBy",
                table: "refund_requests");

            migrationBuilder.DropColumn(
                name: "RefundId",
                table: "activity_reports");
        }
    }
}
