using Ibis.Data;
using Ibis.Data.Postgres;
using Ibis.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// An empty database with every migration applied, made once per test process and copied for each new
/// app: the SQLite file is copied, a PostgreSQL database is created from it as a template. An app then
/// finds nothing pending at start-up and goes straight to its own work (the sandbox, the key store).
/// The migrations run exactly as the server runs them (the same contexts and migration assemblies);
/// the tests of the migration chain itself are in Ibis.Data.Tests, and <c>IbisApp(freshDatabase: true)</c>
/// starts an app on a database no migration has touched.
/// </summary>
public static class MigratedTemplates
{
    /// <summary>IBIS_TEST_FRESH_DATABASES=1: every app migrates its own database from nothing, as before templates.</summary>
    public static bool Disabled { get; } = Environment.GetEnvironmentVariable("IBIS_TEST_FRESH_DATABASES") == "1";

    private static readonly Lazy<string> SqliteTemplate = new(MakeSqliteTemplate, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly object PostgresGate = new();
    private static string? _postgresTemplate;

    /// <summary>Copies the migrated SQLite template to <paramref name="path"/>, private to the user (0600) like the server's own file.</summary>
    public static void CopySqliteTo(string path)
    {
        File.Copy(SqliteTemplate.Value, path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>The name of a migrated PostgreSQL database to create new ones from (CREATE DATABASE … TEMPLATE).</summary>
    public static string PostgresTemplate(string admin)
    {
        lock (PostgresGate)
        {
            return _postgresTemplate ??= MakePostgresTemplate(admin);
        }
    }

    private static string MakeSqliteTemplate()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ibis-template-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "ibis.db");
        if (File.Exists(path)) File.Delete(path);
        var cs = $"Data Source={path};Pooling=False";
        using (var db = new SqliteIbisDb(new DbContextOptionsBuilder<SqliteIbisDb>().UseSqlite(cs, SqliteMigrations.Use).Options))
            db.Database.Migrate();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        };
        return path;
    }

    private static string MakePostgresTemplate(string admin)
    {
        var name = $"ibis_tpl_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..6]}";
        Execute(admin, $"CREATE DATABASE {name}");
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
        using (var db = new PostgresIbisDb(new DbContextOptionsBuilder<PostgresIbisDb>().UseNpgsql(cs, PostgresMigrations.Use).Options))
            db.Database.Migrate();
        // Pooling is off: no session stays open on the template, which CREATE DATABASE … TEMPLATE requires.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)"); } catch (NpgsqlException) { }
        };
        return name;
    }

    private static void Execute(string admin, string sql)
    {
        using var conn = new NpgsqlConnection(admin);
        conn.Open();
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.ExecuteNonQuery();
    }
}
