using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class IndiciumRecipientAndCourtesyReply : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CourtesyReply",
                table: "indicia",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ImbTrackingCode",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ToCity",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ToDeliveryPoint",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ToLines",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ToName",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ToState",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ToZip4",
                table: "indicia",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ToZip5",
                table: "indicia",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CourtesyReply",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "ImbTrackingCode",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "ToCity",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "ToDeliveryPoint",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "ToLines",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "ToName",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "ToState",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "ToZip4",
                table: "indicia");

            migrationBuilder.DropColumn(
                name: "ToZip5",
                table: "indicia");
        }
    }
}
