using Ibis.Data.Postgres;
using Ibis.Data.Sqlite;
using Ibis.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Xunit;

namespace Ibis.Data.Tests;

/// <summary>
/// The migrations were squashed into one baseline per provider before the first release. The chain
/// they replace is kept in History/ for this proof: a database made by the old chain and one made by
/// the baseline have the same tables, columns, keys, indexes and foreign keys — so the baseline
/// lost nothing, and an installation made by the old chain can be adopted into the baseline.
/// </summary>
public sealed class BaselineSchemaTests
{
    private static readonly string HistoryAssembly = typeof(BaselineSchemaTests).Assembly.GetName().Name!;

    [Fact]
    public async Task Sqlite_baseline_makes_the_schema_the_old_chain_made()
    {
        var dir = Directory.CreateTempSubdirectory("ibis-baseline-");
        try
        {
            var oldChain = await SqliteSchemaOf(Path.Combine(dir.FullName, "old.db"), o => o.MigrationsAssembly(HistoryAssembly), toBaseline: false);
            var baseline = await SqliteSchemaOf(Path.Combine(dir.FullName, "new.db"), SqliteMigrations.Use, toBaseline: true);

            Assert.True(oldChain.Count > 40, $"the old chain made only {oldChain.Count} schema facts");
            AssertSameSchema(oldChain, baseline);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task Postgres_baseline_makes_the_schema_the_old_chain_made()
    {
        var server = Requires.Postgres();
        var oldChain = await PostgresSchemaOf(server, o => o.MigrationsAssembly(HistoryAssembly), toBaseline: false);
        var baseline = await PostgresSchemaOf(server, PostgresMigrations.Use, toBaseline: true);

        Assert.True(oldChain.Count > 40, $"the old chain made only {oldChain.Count} schema facts");
        AssertSameSchema(oldChain, baseline);
    }

    [Fact]
    public void Each_provider_has_exactly_one_baseline_at_the_start_of_its_chain()
    {
        using var sqlite = SqliteContext("Data Source=:memory:", SqliteMigrations.Use);
        using var postgres = new PostgresIbisDb(new DbContextOptionsBuilder<PostgresIbisDb>()
            .UseNpgsql("Host=unused", PostgresMigrations.Use).Options);
        Assert.EndsWith("_Baseline", sqlite.Database.GetMigrations().First());
        Assert.EndsWith("_Baseline", postgres.Database.GetMigrations().First());
        Assert.Single(sqlite.Database.GetMigrations(), m => m.EndsWith("_Baseline", StringComparison.Ordinal));
    }

    private static void AssertSameSchema(IReadOnlyCollection<string> oldChain, IReadOnlyCollection<string> baseline)
    {
        var missing = oldChain.Except(baseline).ToList();
        var extra = baseline.Except(oldChain).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"only in the old chain:\n  {string.Join("\n  ", missing)}\nonly in the baseline:\n  {string.Join("\n  ", extra)}");
    }

    private static SqliteIbisDb SqliteContext(string cs, Action<Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder> migrations) =>
        new(new DbContextOptionsBuilder<SqliteIbisDb>().UseSqlite(cs, migrations).Options);

    private static async Task<IReadOnlyCollection<string>> SqliteSchemaOf(
        string path, Action<SqliteDbContextOptionsBuilder> migrations, bool toBaseline)
    {
        var cs = $"Data Source={path}";
        await using (var db = SqliteContext(cs, migrations))
            await Migrate(db, toBaseline);

        await using var conn = new SqliteConnection(cs);
        await conn.OpenAsync();
        var facts = new List<string>();
        foreach (var table in await Strings(conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%'"))
        {
            facts.Add($"table {table}");
            // Column defaults are left out on purpose: a column the old chain added later carries the
            // default AddColumn needed for existing rows, where the baseline creates it with none.
            facts.AddRange(await Strings(conn, $"SELECT '{table}.' || name || ' ' || type || (CASE WHEN \"notnull\" THEN ' not null' ELSE '' END) || (CASE WHEN pk > 0 THEN ' pk' || pk ELSE '' END) FROM pragma_table_info('{table}')"));
            facts.AddRange(await Strings(conn, $"SELECT '{table} fk ' || \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' on delete ' || on_delete FROM pragma_foreign_key_list('{table}')"));
            foreach (var index in await Strings(conn, $"SELECT name || '|' || \"unique\" FROM pragma_index_list('{table}') WHERE origin <> 'pk'"))
            {
                var (name, unique) = (index.Split('|')[0], index.Split('|')[1]);
                var columns = await Strings(conn, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                facts.Add($"{table} index {name} ({string.Join(", ", columns)}){(unique == "1" ? " unique" : "")}");
            }
        }
        return facts;
    }

    private static async Task<IReadOnlyCollection<string>> PostgresSchemaOf(
        string server, Action<Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder> migrations, bool toBaseline)
    {
        var name = $"ibis_schema_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
        try
        {
            await using (var db = new PostgresIbisDb(new DbContextOptionsBuilder<PostgresIbisDb>().UseNpgsql(cs, migrations).Options))
                await Migrate(db, toBaseline);

            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            var facts = new List<string>();
            facts.AddRange(await Strings(conn, """
                SELECT 'table ' || table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
                """));
            facts.AddRange(await Strings(conn, """
                SELECT table_name || '.' || column_name || ' ' || data_type
                       || coalesce('(' || character_maximum_length || ')', '')
                       || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END
                       || CASE WHEN is_identity = 'YES' THEN ' identity' ELSE '' END
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
                """));
            facts.AddRange(await Strings(conn, """
                SELECT tablename || ' ' || indexdef FROM pg_indexes
                WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EF%'
                """));
            facts.AddRange(await Strings(conn, """
                SELECT c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = 'public' AND c.conrelid::regclass::text NOT LIKE '"\_\_EF%'
                """));
            return facts;
        }
        finally
        {
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    // The baseline database stops at the baseline: later migrations are not the old chain's business.
    private static async Task Migrate(DbContext db, bool toBaseline)
    {
        if (!toBaseline)
        {
            await db.Database.MigrateAsync();
            return;
        }
        var baseline = db.Database.GetMigrations().First();
        await db.GetService<IMigrator>().MigrateAsync(baseline);
    }

    private static async Task<List<string>> Strings(System.Data.Common.DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }
}

/// <summary>A database made by the old chain starts under the baseline without the baseline running on it.</summary>
public sealed class SquashedMigrationsTests
{
    [Fact]
    public async Task A_database_of_the_old_chain_is_adopted_at_the_baseline()
    {
        var dir = Directory.CreateTempSubdirectory("ibis-adopt-");
        var cs = $"Data Source={Path.Combine(dir.FullName, "old.db")}";
        try
        {
            await using (var old = new SqliteIbisDb(new DbContextOptionsBuilder<SqliteIbisDb>()
                .UseSqlite(cs, o => o.MigrationsAssembly(typeof(SquashedMigrationsTests).Assembly.GetName().Name)).Options))
                await old.Database.MigrateAsync();

            await using var db = new SqliteIbisDb(new DbContextOptionsBuilder<SqliteIbisDb>().UseSqlite(cs, SqliteMigrations.Use).Options);
            await SquashedMigrations.AdoptOldChain(db, CancellationToken.None);
            await SquashedMigrations.AdoptOldChain(db, CancellationToken.None); // a second start changes nothing

            Assert.Contains(db.Database.GetMigrations().First(), await db.Database.GetAppliedMigrationsAsync());
            await db.Database.MigrateAsync(); // later migrations apply on top; the baseline does not run again
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_new_database_is_left_to_the_baseline()
    {
        await using var db = new SqliteIbisDb(new DbContextOptionsBuilder<SqliteIbisDb>().UseSqlite("Data Source=:memory:", SqliteMigrations.Use).Options);
        await db.Database.OpenConnectionAsync();
        await SquashedMigrations.AdoptOldChain(db, CancellationToken.None);
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }
}
