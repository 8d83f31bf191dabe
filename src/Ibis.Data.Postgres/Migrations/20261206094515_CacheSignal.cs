using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Postgres.Migrations
{
    /// <summary>
    /// The caches' signal for every writer, not only Ibis nodes (issue 17: a revoked API key refused at once,
    /// also when it was revoked in psql). A statement that writes a table whose readers cache sends
    /// <c>NOTIFY ibis_cache, '&lt;table&gt;'</c> from a trigger, which PostgreSQL delivers when — and only if —
    /// the transaction commits; the server's listener already hears that channel. Within one transaction
    /// PostgreSQL folds identical notices into one, so the notice the server sends itself for its own writes
    /// costs nothing more. <c>devices</c> counts only for the columns a verifier reads (the registers move with
    /// every print and must not empty every node's cache); the list is the server's <c>DeviceStandingWrites</c>,
    /// frozen here.
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
                CREATE FUNCTION ibis_cache_signal() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('ibis_cache', TG_TABLE_NAME);
                    RETURN NULL;
                END
                $$;
                """);
            foreach (var table in Tables)
            {
                var events = table == "devices" ? "INSERT OR DELETE OR TRUNCATE" : "INSERT OR UPDATE OR DELETE OR TRUNCATE";
                migrationBuilder.Sql($"""CREATE TRIGGER cache_signal AFTER {events} ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION ibis_cache_signal();""");
            }
            migrationBuilder.Sql($"""CREATE TRIGGER cache_signal_standing AFTER UPDATE OF {DeviceStanding} ON "devices" FOR EACH STATEMENT EXECUTE FUNCTION ibis_cache_signal();""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER cache_signal_standing ON "devices";""");
            foreach (var table in Tables)
                migrationBuilder.Sql($"""DROP TRIGGER cache_signal ON "{table}";""");
            migrationBuilder.Sql("DROP FUNCTION ibis_cache_signal();");
        }
    }
}
