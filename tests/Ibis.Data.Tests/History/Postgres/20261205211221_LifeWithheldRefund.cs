using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
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
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExaminationValidatedAt",
                table: "activity_reports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExaminedBy",
                table: "activity_reports",
                type: "text",
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
