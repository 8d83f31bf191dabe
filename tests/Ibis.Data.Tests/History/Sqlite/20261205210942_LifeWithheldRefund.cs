using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class LifeWithheldRefund : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExaminationFindings",
                table: "activity_reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ExaminationValidatedAt",
                table: "activity_reports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExaminedBy",
                table: "activity_reports",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExaminationFindings",
                table: "activity_reports");

            migrationBuilder.DropColumn(
                name: "ExaminationValidatedAt",
                table: "activity_reports");

            migrationBuilder.DropColumn(
                name: "ExaminedBy",
                table: "activity_reports");
        }
    }
}
