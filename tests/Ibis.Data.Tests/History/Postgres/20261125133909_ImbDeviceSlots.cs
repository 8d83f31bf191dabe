using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <inheritdoc />
    public partial class ImbDeviceSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImbMailerId",
                table: "devices",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ImbSlot",
                table: "devices",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_ImbMailerId_ImbSlot",
                table: "devices",
                columns: new[] { "ImbMailerId", "ImbSlot" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_devices_ImbMailerId_ImbSlot",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "ImbMailerId",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "ImbSlot",
                table: "devices");
        }
    }
}
