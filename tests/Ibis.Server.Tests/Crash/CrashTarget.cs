using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ibis.Server.Tests.Crash;

/// <summary>
/// Where the crashed server keeps its state: one data directory (SQLite file, key-encryption key,
/// sandbox credentials) kept across restarts, and for PostgreSQL a fresh database created for the run
/// and dropped WITH (FORCE) at the end.
/// </summary>
public sealed class CrashTarget : IDisposable
{
    private readonly string? _postgresAdmin;
    private readonly string? _databaseName;

    private CrashTarget(string name, string? postgresAdmin)
    {
        Name = name;
        DataDirectory = Path.Combine(Path.GetTempPath(), "ibis-crash-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(DataDirectory);
        if (postgresAdmin is null) return;
        _postgresAdmin = postgresAdmin;
        _databaseName = "ibis_crash_" + Guid.NewGuid().ToString("N")[..12];
        using (var conn = new NpgsqlConnection(postgresAdmin))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {_databaseName}", conn);
            cmd.ExecuteNonQuery();
        }
        PostgresConnectionString = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = _databaseName, Timeout = 15 }.ConnectionString;
    }

    public static CrashTarget Sqlite() => new("SQLite", null);

    public static CrashTarget Postgres(string adminConnectionString) => new("PostgreSQL", adminConnectionString);

    public string Name { get; }

    public string DataDirectory { get; }

    public string? PostgresConnectionString { get; }

    /// <summary>The server's environment: the same data directory on every start, so the KEK persists.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["IBIS_DATA_DIR"] = DataDirectory,
        ["ConnectionStrings__Ibis"] = PostgresConnectionString,
    };

    /// <summary>A new, unopened connection to the server's database, outside the server.</summary>
    public DbConnection Connection() => PostgresConnectionString is { } pg
        ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pg) { Pooling = false }.ConnectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDirectory, "ibis.db"), Pooling = false, DefaultTimeout = 30 }.ConnectionString);

    public void Dispose()
    {
        if (_postgresAdmin is not null && _databaseName is not null)
        {
            Infrastructure.ScratchDatabase.Drop(_postgresAdmin, _databaseName);
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
            if (Directory.Exists(DataDirectory + "-keys")) Directory.Delete(DataDirectory + "-keys", recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
