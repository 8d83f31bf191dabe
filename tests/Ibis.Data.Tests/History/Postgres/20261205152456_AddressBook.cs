using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class AddressBook : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "address_book_entries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LicenseeId = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Line1 = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Line2 = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    City = table.Column<string>(type: "character varying(25)", maxLength: 25, nullable: false),
                    State = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Zip5 = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Zip4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    DeliveryPoint = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_address_book_entries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_address_book_entries_LicenseeId_Name",
                table: "address_book_entries",
                columns: new[] { "LicenseeId", "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "address_book_entries");
        }
    }
}
