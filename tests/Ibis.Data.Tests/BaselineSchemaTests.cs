using System.Text.RegularExpressions;
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
/// The migrations were squashed into one baseline per provider before the first release (twice; the
/// second squash replaced the first baseline and the eighteen migrations after it, DeviceLifecycle …
/// Ret). The chain it replaces is kept in History/ for this proof: a database made by that chain and
/// one made by the baseline have the same tables, columns (types, nullability, defaults), keys,
/// indexes, foreign keys and check constraints, and the same objects only raw SQL makes (the scheduler's
/// job store, triggers, views, functions, partitioned tables) — so the baseline lost nothing, and an
/// installation made by the chain can be adopted into the baseline.
/// </summary>
public sealed partial class BaselineSchemaTests
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

    // The one difference allowed, column by column: a not-null column the chain added to an existing
    // table carries the default AddColumn needed to fill the rows already there (0 or false), where
    // the baseline creates the column with none (the model has none: Ibis always writes the value).
    private static readonly string[] AddColumnDefaults =
    [
        "activity_reports.ValidatedRefundMills", "address_book_entries.DefaultReturn", "certificate_requests.Rollover",
        "devices.RecordedPieces", "devices.RecordedPostageMills", "devices.RecordedResetsMills", "devices.SealVersion",
    ];

    private static bool IsAddColumnDefault(string fact) =>
        AddColumnDefaults.Any(c => fact.StartsWith(c + " default ", StringComparison.Ordinal)) &&
        (fact.EndsWith(" default 0", StringComparison.Ordinal) || fact.EndsWith(" default false", StringComparison.Ordinal));

    private static void AssertSameSchema(IReadOnlyCollection<string> oldChain, IReadOnlyCollection<string> baseline)
    {
        Assert.Equal(AddColumnDefaults.Length, oldChain.Count(IsAddColumnDefault)); // the list stays exact
        oldChain = [.. oldChain.Where(f => !IsAddColumnDefault(f))];
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
            facts.AddRange(await Strings(conn, $"SELECT '{table}.' || name || ' ' || type || (CASE WHEN \"notnull\" THEN ' not null' ELSE '' END) || (CASE WHEN pk > 0 THEN ' pk' || pk ELSE '' END) FROM pragma_table_info('{table}')"));
            facts.AddRange(await Strings(conn, $"SELECT '{table}.' || name || ' default ' || dflt_value FROM pragma_table_info('{table}') WHERE dflt_value IS NOT NULL"));
            // Check constraints live only in the table's CREATE statement.
            var create = (await Strings(conn, $"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'")).Single();
            facts.AddRange(CheckConstraint().Matches(create).Select(m => $"{table} check {m.Value}"));
            facts.AddRange(await Strings(conn, $"SELECT '{table} fk ' || \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' on delete ' || on_delete FROM pragma_foreign_key_list('{table}')"));
            foreach (var index in await Strings(conn, $"SELECT name || '|' || \"unique\" FROM pragma_index_list('{table}') WHERE origin <> 'pk'"))
            {
                var (name, unique) = (index.Split('|')[0], index.Split('|')[1]);
                var columns = await Strings(conn, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                facts.Add($"{table} index {name} ({string.Join(", ", columns)}){(unique == "1" ? " unique" : "")}");
            }
        }
        // Whatever raw SQL may add beside tables: triggers and views.
        facts.AddRange(await Strings(conn, "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE type IN ('trigger', 'view')"));
        return facts;
    }

    [GeneratedRegex(@"CONSTRAINT\s+""?\w+""?\s+CHECK\s*\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\)", RegexOptions.IgnoreCase)]
    private static partial Regex CheckConstraint();

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
                SELECT table_name || '.' || column_name || ' default ' || column_default
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%' AND column_default IS NOT NULL
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
            // What only raw SQL makes: partitioned tables (and their partitions), triggers, functions,
            // views and sequences not owned by an identity column.
            facts.AddRange(await Strings(conn, """
                SELECT 'partitioned ' || c.relname || ' ' || pg_get_partkeydef(c.oid) FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'p'
                UNION ALL
                SELECT 'partition ' || c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relispartition
                UNION ALL
                SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND NOT t.tgisinternal
                UNION ALL
                SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc) FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
                UNION ALL
                SELECT 'view ' || c.relname || ' ' || md5(pg_get_viewdef(c.oid)) FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')
                UNION ALL
                SELECT 'sequence ' || c.relname FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'S'
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
                """));
            return facts;
        }
        finally
        {
            await ScratchDatabase.Drop(server, name);
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

/// <summary>
/// A database made by the replaced chain (History/) starts under the baseline without the baseline
/// running on it — as start-up does it: adopt, then migrate. One stopped short of the chain's last
/// migration (Ret) is refused with a message saying so.
/// </summary>
public sealed class SquashedMigrationsTests
{
    private static readonly string HistoryAssembly = typeof(SquashedMigrationsTests).Assembly.GetName().Name!;

    [Fact]
    public async Task A_sqlite_database_of_the_replaced_chain_is_adopted_at_the_baseline()
    {
        var dir = Directory.CreateTempSubdirectory("ibis-adopt-");
        var cs = $"Data Source={Path.Combine(dir.FullName, "old.db")}";
        try
        {
            await using (var old = Sqlite(cs, o => o.MigrationsAssembly(HistoryAssembly)))
            {
                await old.Database.MigrateAsync();
                Assert.EndsWith("_Ret", (await old.Database.GetAppliedMigrationsAsync()).Last());
            }
            await using var db = Sqlite(cs, SqliteMigrations.Use);
            await AssertAdopted(db);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task A_postgres_database_of_the_replaced_chain_is_adopted_at_the_baseline()
    {
        var server = Requires.Postgres();
        await WithPostgresDatabase(server, async cs =>
        {
            await using (var old = Postgres(cs, o => o.MigrationsAssembly(HistoryAssembly)))
            {
                await old.Database.MigrateAsync();
                Assert.EndsWith("_Ret", (await old.Database.GetAppliedMigrationsAsync()).Last());
            }
            await using var db = Postgres(cs, PostgresMigrations.Use);
            await AssertAdopted(db);
        });
    }

    [Fact]
    public async Task A_database_stopped_before_the_end_of_the_replaced_chain_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("ibis-adopt-");
        var cs = $"Data Source={Path.Combine(dir.FullName, "old.db")}";
        try
        {
            await using (var old = Sqlite(cs, o => o.MigrationsAssembly(HistoryAssembly)))
            {
                var chain = old.Database.GetMigrations().ToList();
                await old.GetService<IMigrator>().MigrateAsync(chain[^2]); // everything but Ret
            }
            await using var db = Sqlite(cs, SqliteMigrations.Use);
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SquashedMigrations.AdoptOldChain(db, CancellationToken.None));
            Assert.Contains("older than the migration baseline", refused.Message);
            Assert.DoesNotContain(db.Database.GetMigrations().First(), await db.Database.GetAppliedMigrationsAsync());
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

    private static async Task AssertAdopted(IbisDb db)
    {
        await SquashedMigrations.AdoptOldChain(db, CancellationToken.None);
        await SquashedMigrations.AdoptOldChain(db, CancellationToken.None); // a second start changes nothing
        Assert.Contains(db.Database.GetMigrations().First(), await db.Database.GetAppliedMigrationsAsync());
        // The baseline does not run on it; the migrations after the baseline (CacheSignal …) do.
        Assert.Equal(db.Database.GetMigrations().Skip(1), await db.Database.GetPendingMigrationsAsync());
        await db.Database.MigrateAsync();
        // The adopted database works under the new model: a query over a table of the last migrations.
        Assert.Equal(0, await db.Indicia.CountAsync()); // indicia: its From… columns came with Ret
    }

    private static SqliteIbisDb Sqlite(string cs, Action<SqliteDbContextOptionsBuilder> migrations) =>
        new(new DbContextOptionsBuilder<SqliteIbisDb>().UseSqlite(cs, migrations).Options);

    private static PostgresIbisDb Postgres(string cs, Action<Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder> migrations) =>
        new(new DbContextOptionsBuilder<PostgresIbisDb>().UseNpgsql(cs, migrations).Options);

    private static async Task WithPostgresDatabase(string server, Func<string, Task> body)
    {
        var name = $"ibis_adopt_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            await body(new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString);
        }
        finally
        {
            await ScratchDatabase.Drop(server, name);
        }
    }
}
