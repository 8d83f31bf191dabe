using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Tests.History.Postgres
{
    /// <summary>
    /// The scheduler's job store (Quartz.NET ADO tables), from the table script Quartz ships for this
    /// database. Written by hand: the tables are not part of the EF model, so no model diff makes them.
    /// </summary>
    [DbContext(typeof(PostgresIbisDb))]
    [Migration("20261205120000_ComplianceScheduler")]
    public partial class ComplianceScheduler : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => QuartzSchema.Create(migrationBuilder, postgres: true);

        protected override void Down(MigrationBuilder migrationBuilder) => QuartzSchema.Drop(migrationBuilder);
    }
}
