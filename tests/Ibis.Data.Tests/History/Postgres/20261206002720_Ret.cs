using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class Ret : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FromCity",
                table: "indicia",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromCompany",
                table: "indicia",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromLines",
                table: "indicia",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromName",
                table: "indicia",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromState",
                table: "indicia",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromZip4",
                table: "indicia",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromZip5",
                table: "indicia",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Company",
                table: "address_book_entries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DefaultReturn",
                table: "address_book_entries",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FromCity",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "FromCompany",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "FromLines",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "FromName",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "FromState",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "FromZip4",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "FromZip5",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "Company",
                table: "address_book_entries");

            migrationBuilder.DropColumn(
                name: "DefaultReturn",
                table: "address_book_entries");
        }
    }
}
