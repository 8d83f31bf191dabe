using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
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
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_events", x => new { x.RefundId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "refund_pages",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Symbols = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_pages", x => new { x.RefundId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "refund_pieces",
                columns: table => new
                {
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    IndiciumId = table.Column<string>(type: "text", nullable: true),
                    ListedAs = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: true),
                    PostageMills = table.Column<long>(type: "bigint", nullable: true),
                    MailingDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Qualifies = table.Column<bool>(type: "boolean", nullable: false),
                    ReasonCode = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    AnnotatedBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_pieces", x => new { x.RefundId, x.Line });
                });

            migrationBuilder.CreateTable(
                name: "refund_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: true),
                    ActivityReportId = table.Column<string>(type: "text", nullable: true),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    ListedMills = table.Column<long>(type: "bigint", nullable: false),
                    QualifyingMills = table.Column<long>(type: "bigint", nullable: false),
                    RejectionCode = table.Column<string>(type: "text", nullable: true),
                    RejectionReason = table.Column<string>(type: "text", nullable: true),
                    RequestedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CertifiedBy = table.Column<string>(type: "text", nullable: true),
                    CertifiedByUser = table.Column<string>(type: "text", nullable: true),
                    CertificationDigest = table.Column<string>(type: "text", nullable: true),
                    CertifiedMills = table.Column<long>(type: "bigint", nullable: true),
                    CertifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TransmissionId = table.Column<string>(type: "text", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RetainUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PiecesDestroyedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ApprovedBy = table.Column<string>(type: "text", nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AccountId = table.Column<string>(type: "text", nullable: true),
                    LedgerTransactionId = table.Column<string>(type: "text", nullable: true),
                    PaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RejectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refund_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "refunded_pieces",
                columns: table => new
                {
                    IndiciumId = table.Column<string>(type: "text", nullable: false),
                    RefundId = table.Column<string>(type: "text", nullable: false),
                    DeviceId = table.Column<string>(type: "text", nullable: false),
                    PieceNumber = table.Column<long>(type: "bigint", nullable: false),
                    PostageMills = table.Column<long>(type: "bigint", nullable: false),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
