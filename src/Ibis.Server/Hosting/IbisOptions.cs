namespace Ibis.Server.Hosting;

/// <summary>Where Ibis keeps its state and how it reaches its database.</summary>
public sealed class IbisOptions
{
    /// <summary>Directory for the SQLite file, the generated key-encryption key and sandbox credentials.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>PostgreSQL connection string (Npgsql form), or null for the embedded SQLite default.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Base64 of a 32-byte key-encryption key; when absent one is generated into the data directory.</summary>
    public string? KeyEncryptionKey { get; init; }

    /// <summary>How long after a successful audit or reset a device may print (P050 3.4; default 3 months).</summary>
    public int WatchdogPeriodMonths { get; init; } = Domain.Psd.Watchdog.DefaultPeriodMonths;

    /// <summary>Whether to create the sandbox world on first start with an empty database.</summary>
    public bool CreateSandbox { get; init; } = true;

    public string SqlitePath => Path.Combine(DataDirectory, "ibis.db");

    public static IbisOptions FromConfiguration(IConfiguration config)
    {
        var dataDir = config["IBIS_DATA_DIR"] ?? config["Ibis:DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), "ibis-data");
        var pg = config.GetConnectionString("Ibis") ?? config["database"];
        if (pg is not null && (pg.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || pg.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)))
            pg = PostgresUrl.ToConnectionString(pg);
        if (pg is not null && (pg.StartsWith("sqlite", StringComparison.OrdinalIgnoreCase) || pg.Length == 0)) pg = null;
        return new IbisOptions
        {
            DataDirectory = Path.GetFullPath(dataDir),
            PostgresConnectionString = pg,
            KeyEncryptionKey = config["IBIS_KEK"] ?? config["Ibis:KeyEncryptionKey"],
            WatchdogPeriodMonths = int.TryParse(config["Ibis:WatchdogPeriodMonths"], System.Globalization.CultureInfo.InvariantCulture, out var months) && months > 0 ? months : Domain.Psd.Watchdog.DefaultPeriodMonths,
            CreateSandbox = !string.Equals(config["Ibis:Sandbox"], "false", StringComparison.OrdinalIgnoreCase),
        };
    }
}

/// <summary>Turns postgres://user:pass@host:port/db?sslmode=require into an Npgsql connection string.</summary>
public static class PostgresUrl
{
    public static string ToConnectionString(string url)
    {
        var uri = new Uri(url);
        var userInfo = uri.UserInfo.Split(':', 2);
        var parts = new List<string>
        {
            $"Host={uri.Host}",
            $"Port={(uri.Port > 0 ? uri.Port : 5432)}",
            $"Database={Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'))}",
        };
        if (userInfo[0].Length > 0) parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
        if (userInfo.Length > 1) parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2 && kv[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase)) parts.Add($"SSL Mode={kv[1]}");
        }
        return string.Join(';', parts);
    }
}
