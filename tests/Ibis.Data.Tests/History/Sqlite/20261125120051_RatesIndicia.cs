using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class RatesIndicia : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AdvertisementId",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CorrectsIndiciumId",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DesignId",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MailedFromZip",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Medium",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "OmitDay",
                table: "indicia",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OriginZip",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RateTableId",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Variant",
                table: "indicia",
                type: "TEXT",
                nullable: false,
                defaultValue: "standard");

            migrationBuilder.AddColumn<int>(
                name: "Zone",
                table: "indicia",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "advertisements",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    LicenseeId = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Caption = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    ArtPng = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_advertisements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "classified_branches",
                columns: table => new
                {
                    LicenseId = table.Column<string>(type: "TEXT", nullable: false),
                    BranchName = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_classified_branches", x => x.LicenseId);
                });

            migrationBuilder.CreateTable(
                name: "collection_schedules",
                columns: table => new
                {
                    PostOfficeZip = table.Column<string>(type: "TEXT", nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collection_schedules", x => x.PostOfficeZip);
                });

            migrationBuilder.CreateTable(
                name: "indicium_designs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Layout = table.Column<string>(type: "TEXT", nullable: false),
                    ApprovalReference = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    RegisteredBy = table.Column<string>(type: "TEXT", nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indicium_designs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rate_tables",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sample = table.Column<bool>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rate_tables", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "redates",
                columns: table => new
                {
                    DeviceId = table.Column<string>(type: "TEXT", nullable: false),
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    MailingDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MailClass = table.Column<string>(type: "TEXT", nullable: false),
                    RateCategory = table.Column<string>(type: "TEXT", nullable: false),
                    CorrectsIndiciumId = table.Column<string>(type: "TEXT", nullable: true),
                    DesignId = table.Column<string>(type: "TEXT", nullable: false),
                    Medium = table.Column<string>(type: "TEXT", nullable: true),
                    MailedFromZip = table.Column<string>(type: "TEXT", nullable: true),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_redates", x => new { x.DeviceId, x.Id });
                });

            migrationBuilder.CreateIndex(
                name: "IX_advertisements_ProviderId",
                table: "advertisements",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_indicium_designs_ProviderId",
                table: "indicium_designs",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_rate_tables_EffectiveOn",
                table: "rate_tables",
                column: "EffectiveOn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rate_tables_Name",
                table: "rate_tables",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_redates_Id",
                table: "redates",
                column: "Id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "advertisements");

            migrationBuilder.DropTable(
                name: "classified_branches");

            migrationBuilder.DropTable(
                name: "collection_schedules");

            migrationBuilder.DropTable(
                name: "indicium_designs");

            migrationBuilder.DropTable(
                name: "rate_tables");

            migrationBuilder.DropTable(
                name: "redates");

            migrationBuilder.DropColumn(
                name: "AdvertisementId",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "CorrectsIndiciumId",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "DesignId",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "MailedFromZip",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "Medium",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "OmitDay",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "OriginZip",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "RateTableId",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "Variant",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "Zone",
                table: "indicia");
        }
    }
}
