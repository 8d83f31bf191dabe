namespace Ibis.Server.Hosting;

/// <summary>Where Ibis keeps its state and how it reaches its database.</summary>
public sealed class IbisOptions
{
    /// <summary>Directory for the SQLite file, the generated key-encryption key and sandbox credentials.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>PostgreSQL connection string (Npgsql form), or null for the embedded SQLite default.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Base64 of a 32-byte key-encryption key; when absent one is read from, or generated into, <see cref="KeyDirectory"/>.</summary>
    public string? KeyEncryptionKey { get; init; }

    /// <summary>
    /// Where the generated key-encryption key file lives: <c>IBIS_KEY_DIR</c>, else a sibling of the data
    /// directory (<c>ibis-data-keys</c> beside <c>ibis-data</c>). Outside the data directory on purpose: the
    /// data directory holds the database with every wrapped key, so a copy of it that also held the KEK would
    /// open every key; kept apart, a database backup and the KEK are two things to steal, not one.
    /// </summary>
    public required string KeyDirectory { get; init; }

    /// <summary>How long after a successful audit or reset a device may print (P050 3.4; default 3 months).</summary>
    public int WatchdogPeriodMonths { get; init; } = Domain.Psd.Watchdog.DefaultPeriodMonths;

    /// <summary>Whether to create the sandbox world on first start with an empty database.</summary>
    public bool CreateSandbox { get; init; } = true;

    public string SqlitePath => Path.Combine(DataDirectory, "ibis.db");

    /// <summary>
    /// With SQLite, the scheduler's job store: a file of its own beside the database (Compliance/SchedulerStore), so
    /// that the scheduler's writes never take the lock Ibis's writer needs.
    /// </summary>
    public string SchedulerSqlitePath => Path.Combine(DataDirectory, "scheduler.db");

    public static IbisOptions FromConfiguration(IConfiguration config)
    {
        var dataDir = config["IBIS_DATA_DIR"] ?? config["Ibis:DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), "ibis-data");
        var pg = config.GetConnectionString("Ibis") ?? config["database"];
        if (pg is not null && (pg.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || pg.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)))
            pg = PostgresUrl.ToConnectionString(pg);
        if (pg is not null && (pg.StartsWith("sqlite", StringComparison.OrdinalIgnoreCase) || pg.Length == 0)) pg = null;
        var fullDataDir = Path.GetFullPath(dataDir);
        var keyDir = config["IBIS_KEY_DIR"] ?? config["Ibis:KeyDirectory"] ?? DefaultKeyDirectory(fullDataDir);
        return new IbisOptions
        {
            DataDirectory = fullDataDir,
            KeyDirectory = Path.GetFullPath(keyDir),
            PostgresConnectionString = pg,
            KeyEncryptionKey = config["IBIS_KEK"] ?? config["Ibis:KeyEncryptionKey"],
            WatchdogPeriodMonths = int.TryParse(config["Ibis:WatchdogPeriodMonths"], System.Globalization.CultureInfo.InvariantCulture, out var months) && months > 0 ? months : Domain.Psd.Watchdog.DefaultPeriodMonths,
            CreateSandbox = !string.Equals(config["Ibis:Sandbox"], "false", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary><c>/srv/ibis-data</c> → <c>/srv/ibis-data-keys</c>.</summary>
    public static string DefaultKeyDirectory(string dataDirectory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)) + "-keys";
}

/// <summary>
/// Turns postgres://user:pass@host:port/db?sslmode=verify-full&amp;sslrootcert=/path into an Npgsql
/// connection string. Every value goes through <see cref="Npgsql.NpgsqlConnectionStringBuilder"/>, so a
/// password holding ';' or '=' stays a password and cannot add connection options.
/// </summary>
internal static class PostgresUrl
{
    public static string ToConnectionString(string url)
    {
        var uri = new Uri(url);
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length != 2) continue;
            var value = Uri.UnescapeDataString(kv[1]);
            switch (kv[0].ToLowerInvariant())
            {
                // TLS to the database: require, verify-ca or verify-full (checks the server's name too).
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => Npgsql.SslMode.Disable,
                        "allow" => Npgsql.SslMode.Allow,
                        "prefer" => Npgsql.SslMode.Prefer,
                        "require" => Npgsql.SslMode.Require,
                        "verify-ca" or "verifyca" => Npgsql.SslMode.VerifyCA,
                        "verify-full" or "verifyfull" => Npgsql.SslMode.VerifyFull,
                        _ => throw new ArgumentException($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                    };
                    break;
                case "sslrootcert":
                    builder.RootCertificate = value;
                    break;
            }
        }
        return builder.ConnectionString;
    }
}
