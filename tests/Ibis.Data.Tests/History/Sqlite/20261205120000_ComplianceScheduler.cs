using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Sqlite
{
    /// <summary>
    /// The scheduler's job store (Quartz.NET ADO tables), from the table script Quartz ships for this
    /// database. Written by hand: the tables are not part of the EF model, so no model diff makes them.
    /// </summary>
    [DbContext(typeof(SqliteIbisDb))]
    [Migration("20261205120000_ComplianceScheduler")]
    public partial class ComplianceScheduler : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => QuartzSchema.Create(migrationBuilder, postgres: false);

        protected override void Down(MigrationBuilder migrationBuilder) => QuartzSchema.Drop(migrationBuilder);
    }
}
