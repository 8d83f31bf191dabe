using System.Data.Common;
using Ibis.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ibis.Server.Hosting;

public static class DatabaseSetup
{
    public static void AddIbisDatabase(this IServiceCollection services, IbisOptions options)
    {
        if (options.PostgresConnectionString is { } pg)
        {
            services.AddDbContext<PostgresIbisDb>(o => o.UseNpgsql(pg));
            services.AddScoped<IbisDb>(sp => sp.GetRequiredService<PostgresIbisDb>());
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory);
            // Default timeout 30 s: Microsoft.Data.Sqlite retries SQLITE_BUSY until then, which is how
            // concurrent writers queue behind the single SQLite write lock.
            var cs = $"Data Source={options.SqlitePath};Default Timeout=30;Pooling=True";
            services.AddDbContext<SqliteIbisDb>(o => o.UseSqlite(cs).AddInterceptors(new SqlitePragmas()));
            services.AddScoped<IbisDb>(sp => sp.GetRequiredService<SqliteIbisDb>());
        }
    }

    /// <summary>Applies the provider's migrations; WAL mode for SQLite (persistent in the file).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        if (!db.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>synchronous=FULL on every connection: a committed print survives a power cut.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
            cmd.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
