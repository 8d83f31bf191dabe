using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class Sanction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "provider_sanction_events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    SanctionId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_sanction_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provider_sanctions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    Basis = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", nullable: false),
                    Grounds = table.Column<string>(type: "TEXT", nullable: false),
                    Willful = table.Column<bool>(type: "INTEGER", nullable: false),
                    SuspensionDays = table.Column<int>(type: "INTEGER", nullable: true),
                    AmountMills = table.Column<long>(type: "INTEGER", nullable: true),
                    CureDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NoticedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DefenseDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DefendedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AppealDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AppealedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AppealDecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EffectiveAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TookEffectAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemainingSecondsAtStay = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IssuedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_sanctions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "test_indicia_destructions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    FaceValueMills = table.Column<long>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", nullable: false),
                    DestroyedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_indicia_destructions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_provider_sanction_events_SanctionId",
                table: "provider_sanction_events",
                column: "SanctionId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_sanctions_ProviderId",
                table: "provider_sanctions",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_provider_sanctions_Stage",
                table: "provider_sanctions",
                column: "Stage");

            migrationBuilder.CreateIndex(
                name: "IX_test_indicia_destructions_ProviderId_Day",
                table: "test_indicia_destructions",
                columns: new[] { "ProviderId", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "provider_sanction_events");

            migrationBuilder.DropTable(
                name: "provider_sanctions");

            migrationBuilder.DropTable(
                name: "test_indicia_destructions");
        }
    }
}
