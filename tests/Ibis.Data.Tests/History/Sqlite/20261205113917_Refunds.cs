using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class Refunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "refund_events",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "TEXT", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_events", x => new { x.RefundId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "refund_pages",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Symbols = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_pages", x => new { x.RefundId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "refund_pieces",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "TEXT", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    IndiciumId = table.Column<string>(type: "TEXT", nullable: true),
                    ListedAs = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: true),
                    PostageMills = table.Column<long>(type: "INTEGER", nullable: true),
                    MailingDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Qualifies = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    AnnotatedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_pieces", x => new { x.RefundId, x.Line });
                });

            migrationBuilder.CreateTable(
                name: "refund_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: true),
                    ActivityReportId = table.Column<string>(type: "TEXT", nullable: true),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    ListedMills = table.Column<long>(type: "INTEGER", nullable: false),
                    QualifyingMills = table.Column<long>(type: "INTEGER", nullable: false),
                    RejectionCode = table.Column<string>(type: "TEXT", nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CertifiedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CertifiedByUser = table.Column<string>(type: "TEXT", nullable: true),
                    CertificationDigest = table.Column<string>(type: "TEXT", nullable: true),
                    CertifiedMills = table.Column<long>(type: "INTEGER", nullable: true),
                    CertifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TransmissionId = table.Column<string>(type: "TEXT", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RetainUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    PiecesDestroyedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ApprovedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AccountId = table.Column<string>(type: "TEXT", nullable: true),
                    LedgerTransactionId = table.Column<string>(type: "TEXT", nullable: true),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RejectedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "refunded_pieces",
                columns: table => new
                {
                    IndiciumId = table.Column<string>(type: "TEXT", nullable: false),
                    RefundId = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    PieceNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    PostageMills = table.Column<long>(type: "INTEGER", nullable: false),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refunded_pieces", x => x.IndiciumId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_refund_pieces_IndiciumId",
                table: "refund_pieces",
                column: "IndiciumId");

            migrationBuilder.CreateIndex(
                name: "IX_refund_requests_LicenseeId",
                table: "refund_requests",
                column: "LicenseeId");

            migrationBuilder.CreateIndex(
                name: "IX_refund_requests_ProviderId",
                table: "refund_requests",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_refund_requests_Status_RetainUntil",
                table: "refund_requests",
                columns: new[] { "Status", "RetainUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_refunded_pieces_DeviceId_PieceNumber",
                table: "refunded_pieces",
                columns: new[] { "DeviceId", "PieceNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_refunded_pieces_RefundId",
                table: "refunded_pieces",
                column: "RefundId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "refund_events");

            migrationBuilder.DropTable(
                name: "refund_pages");

            migrationBuilder.DropTable(
                name: "refund_pieces");

            migrationBuilder.DropTable(
                name: "refund_requests");

            migrationBuilder.DropTable(
                name: "refunded_pieces");
        }
    }
}
