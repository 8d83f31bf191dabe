using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <inheritdoc />
    public partial class LiveOperationData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Before live operation only the sandbox made providers, users and devices: mark them so,
            // and name each device's lease (the active lease on its license) as leases now do.
            migrationBuilder.Sql("UPDATE providers SET \"Sandbox\" = 1");
            migrationBuilder.Sql("UPDATE users SET \"Sandbox\" = 1");
            migrationBuilder.Sql("UPDATE devices SET \"LeaseId\" = (SELECT l.\"Id\" FROM leases l WHERE l.\"LicenseId\" = devices.\"LicenseId\" AND l.\"Status\" = 'active' ORDER BY l.\"CreatedAt\" LIMIT 1)");


        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
