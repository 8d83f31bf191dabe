using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    SanctionId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_sanction_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "provider_sanctions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Sandbox = table.Column<bool>(type: "boolean", nullable: false),
                    Basis = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Stage = table.Column<string>(type: "text", nullable: false),
                    Grounds = table.Column<string>(type: "text", nullable: false),
                    Willful = table.Column<bool>(type: "boolean", nullable: false),
                    SuspensionDays = table.Column<int>(type: "integer", nullable: true),
                    AmountMills = table.Column<long>(type: "bigint", nullable: true),
                    CureDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NoticedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DefenseDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DefendedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppealDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppealedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppealDecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EffectiveAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TookEffectAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RemainingSecondsAtStay = table.Column<long>(type: "bigint", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IssuedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provider_sanctions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "test_indicia_destructions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ProviderId = table.Column<string>(type: "text", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    FaceValueMills = table.Column<long>(type: "bigint", nullable: false),
                    Trigger = table.Column<string>(type: "text", nullable: false),
                    DestroyedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
