using Ibis.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class RecordTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RecordedPieces",
                table: "devices",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RecordedPostageMills",
                table: "devices",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RecordedResetsMills",
                table: "devices",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "SealVersion",
                table: "devices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Hand-written: each existing device gets the sums of its records (see RecordTotalsBackfill).
            migrationBuilder.Sql(RecordTotalsBackfill.Sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordedPieces",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "RecordedPostageMills",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "RecordedResetsMills",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "SealVersion",
                table: "devices");
        }
    }
}
