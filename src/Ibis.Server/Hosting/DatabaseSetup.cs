using System.Data.Common;
using Ibis.Data;
using Ibis.Data.Postgres;
using Ibis.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ibis.Server.Hosting;

public static class DatabaseSetup
{
    public static void AddIbisDatabase(this IServiceCollection services, IbisOptions options)
    {
        // Interceptors registered as services (IInterceptor) join every context: the caches' table write watch.
        services.AddSingleton<Auth.TableGenerations>();
        services.AddSingleton<Auth.ApiKeyCache>();
        services.AddSingleton<Auth.ReferenceCache>();
        services.AddSingleton<IInterceptor>(sp => new Auth.TableWriteWatch(sp.GetRequiredService<Auth.TableGenerations>(), sp.GetService<Auth.CacheSignalOutbox>()));
        if (options.PostgresConnectionString is { } pg)
        {
            // The caches' signal between nodes: writes of watched tables NOTIFY, every node LISTENs.
            services.AddSingleton<Auth.CacheSignalOutbox>();
            services.AddSingleton(sp => new Auth.CacheSignalListener(pg, sp.GetRequiredService<Auth.TableGenerations>(),
                sp.GetRequiredService<Auth.CacheSignalOutbox>(), sp.GetRequiredService<ILogger<Auth.CacheSignalListener>>()));
            services.AddHostedService(sp => sp.GetRequiredService<Auth.CacheSignalListener>());
            services.AddSingleton<Auth.ICacheSignal>(sp => sp.GetRequiredService<Auth.CacheSignalListener>());
            // ReplicatedCommits last: a commit whose wait for the synchronous standby was cancelled is refused (503
            // commit_not_replicated) after the other interceptors have seen it. Ibis sets no Command Timeout of its own:
            // Npgsql's default (30 s) must stay above the time the cluster takes to drop a hung standby
            // (wal_sender_timeout + Patroni's loop_wait; docs/operations.md), or the timeout itself cancels that wait.
            var prepared = WithStatementsPrepared(pg);
            services.AddDbContextPool<PostgresIbisDb>((sp, o) => o.UseNpgsql(prepared, PostgresMigrations.Use).AddInterceptors(RowLockInstance).AddInterceptors(sp.GetServices<IInterceptor>()).AddInterceptors(ReplicatedCommitsInstance));
            services.AddScoped<IbisDb>(sp => sp.GetRequiredService<PostgresIbisDb>());
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory);
            // Default timeout 30 s: Microsoft.Data.Sqlite retries SQLITE_BUSY until then, which is how
            // concurrent writers queue behind the single SQLite write lock.
            var cs = $"Data Source={options.SqlitePath};Default Timeout=30;Pooling=True";
            // Other processes' writes on the same file reach the caches through the generation rows their triggers raise.
            services.AddSingleton<Auth.ICacheSignal>(sp => new Auth.SqliteCacheSignal(cs, sp.GetRequiredService<Auth.TableGenerations>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<Auth.SqliteCacheSignal>>()));
            // Issue 17: each pooled context holds one open connection for its life, on which the statements it runs
            // stay prepared (SqliteHeldConnections, SqliteStatementCache); SqlitePragmas still covers a connection EF
            // Core opens itself (a context resolved some other way than as IbisDb).
            services.AddSingleton(_ => new SqliteHeldConnections(cs));
            // The write-ahead log checkpointed beside the one writer connection, not in its commits (issue 17).
            services.AddSingleton<SqliteCheckpoints>();
            services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpoints>());
            // The pool keeps no more contexts than may hold a connection: one it kept beyond them after a burst would
            // never hold one (SqliteHeldConnections.Hold).
            services.AddDbContextPool<SqliteIbisDb>((sp, o) => o.UseSqlite(cs, SqliteMigrations.Use)
                .AddInterceptors(new SqlitePragmas(), StatementCache).AddInterceptors(sp.GetServices<IInterceptor>()), SqliteHeldConnections.PoolSize);
            services.AddScoped<IbisDb>(sp => sp.GetRequiredService<SqliteHeldConnections>().Hold(sp.GetRequiredService<SqliteIbisDb>()));
        }
    }

    private static readonly ReplicatedCommits ReplicatedCommitsInstance = new();

    /// <summary>Issue 17: row locks from compiled queries (<see cref="RowLocks"/>), first so that every other interceptor sees the locking SQL.</summary>
    private static readonly RowLockInterceptor RowLockInstance = new();

    /// <summary>Statements kept prepared per PostgreSQL connection unless the connection string says otherwise.</summary>
    public const int AutoPreparedStatements = 100;

    /// <summary>
    /// Issue 17: Npgsql's automatic preparation (off unless asked for): a statement run five times on a physical
    /// connection is prepared there and stays prepared across pooled opens, so PostgreSQL no longer parses and plans
    /// the device lock read (ten sub-queries) and the register update of every print and reset. A connection string
    /// that sets <c>Max Auto Prepare</c> itself (0 turns it off) is left as it is.
    /// </summary>
    public static string WithStatementsPrepared(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPreparedStatements }.ConnectionString;
    }

    private static readonly SqliteStatementCache StatementCache = new();

    // The contexts are pooled (issue 17: a print's scope built its context and the context's EF services anew, 4-6 %
    // of a print's processor time), and their options built once. Nothing of a request outlives its lease: the
    // contexts take nothing but their options (no services, no OnConfiguring, no events), nothing sets a command
    // timeout or tracking behaviour on one, and the interceptors are singletons that keep their state per
    // connection, transaction or command (TableWriteWatch, ReplicatedCommits, SqliteStatementCache), never per
    // context. A returned context is reset by EF Core (change tracker cleared, transaction rolled back, connection
    // closed — on SQLite the connection it holds stays open, with nothing of the request on it but prepared statements).

    /// <summary>Applies the provider's migrations; WAL mode for SQLite (persistent in the file).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        DataDirectory.CreateSqliteFile(services.GetRequiredService<IbisOptions>());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        if (!db.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        // Migrate() takes a migration lock even when there is nothing to apply. On SQLite that lock
        // is a row, which a process killed at the wrong moment leaves behind, and every later start
        // would wait for it forever. So: nothing pending, no lock; something pending, clear the row —
        // an SQLite file has one Ibis process (PostgreSQL's advisory lock dies with its session).
        await SquashedMigrations.AdoptOldChain(db, ct);
        if (!(await db.Database.GetPendingMigrationsAsync(ct)).Any()) return;
        if (!db.IsPostgres) await ClearStaleSqliteMigrationLock(db, ct);
        await db.Database.MigrateAsync(ct);
    }

    private static async Task ClearStaleSqliteMigrationLock(IbisDb db, CancellationToken ct)
    {
        var exists = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = '__EFMigrationsLock' AND type = 'table'").SingleAsync(ct);
        if (exists == 0) return;
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", ct);
    }

    /// <summary>synchronous=FULL on every connection EF Core opens: a committed print survives a power cut.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = SqliteHeldConnections.Pragmas;
            cmd.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = SqliteHeldConnections.Pragmas;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
