using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ibis.Data.Sqlite.Migrations
{
    /// <summary>
    /// The scheduler's job store leaves the SQLite database for a file of its own, <c>scheduler.db</c> (issue 17: its
    /// transactions took the database's write lock outside Ibis's write gate, and a print's turn waited for them). The
    /// <c>QRTZ_*</c> tables the baseline made here are dropped; the server makes them in the new file at start-up
    /// (<c>Ibis.Server.Compliance.SchedulerStore</c>). Nothing in them is lost that matters: the jobs register again at
    /// every start and each run does all that is due. No part of the EF model, so no target model (the snapshot is unchanged).
    /// </summary>
    [DbContext(typeof(SqliteIbisDb))]
    [Migration("20261208013000_SchedulerStoreOwnFile")]
    public partial class SchedulerStoreOwnFile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => QuartzSchema.Drop(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => QuartzSchema.Create(migrationBuilder, postgres: false);
    }
}
