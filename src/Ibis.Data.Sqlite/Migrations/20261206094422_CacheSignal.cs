using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Sqlite.Migrations
{
    /// <summary>
    /// The caches' signal for writers outside the server process (issue 17: a revoked API key refused at once,
    /// also when another process — the admin command, the sqlite3 shell — revoked it). Triggers on every table
    /// whose readers cache raise that table's row in <c>cache_generations</c>; the server reads the few rows every
    /// fraction of a second and drops what it cached of a table whose number moved. No part of the EF model: only
    /// triggers write it and only the server's signal reads it. <c>devices</c> counts only for the columns a
    /// verifier reads (the registers move with every print and must not raise it); the list is the server's
    /// <c>DeviceStandingWrites</c>, frozen here.
    /// </summary>
    public partial class CacheSignal : Migration
    {
        private static readonly string[] Tables =
        [
            "api_keys", "rate_tables", "collection_schedules", "indicium_designs", "certificates", "devices",
            "device_events", "incidents", "refunded_pieces", "address_book_entries",
        ];

        private const string DeviceStanding = "\"Status\", \"WithdrawnAt\", \"LicenseeId\", \"LicenseId\", \"ProviderId\", \"Sandbox\", \"CertificateSerial\"";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "cache_generations" (
                    "TableName" TEXT NOT NULL CONSTRAINT "PK_cache_generations" PRIMARY KEY,
                    "Generation" INTEGER NOT NULL
                );
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""INSERT INTO "cache_generations" ("TableName", "Generation") VALUES ('{table}', 0);""");
                var raise = $"""UPDATE "cache_generations" SET "Generation" = "Generation" + 1 WHERE "TableName" = '{table}';""";
                var update = table == "devices" ? $"UPDATE OF {DeviceStanding}" : "UPDATE";
                foreach (var (name, when) in new[] { ("insert", "INSERT"), ("update", update), ("delete", "DELETE") })
                    migrationBuilder.Sql($"""CREATE TRIGGER "cache_signal_{table}_{name}" AFTER {when} ON "{table}" BEGIN {raise} END;""");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                foreach (var name in new[] { "insert", "update", "delete" })
                    migrationBuilder.Sql($"""DROP TRIGGER "cache_signal_{table}_{name}";""");
            }
            migrationBuilder.Sql("""DROP TABLE "cache_generations";""");
        }
    }
}
