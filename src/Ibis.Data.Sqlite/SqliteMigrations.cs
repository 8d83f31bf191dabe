using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Ibis.Data.Sqlite;

/// <summary>Where the SQLite migrations of <see cref="SqliteIbisDb"/> live.</summary>
public static class SqliteMigrations
{
    public static string AssemblyName { get; } = typeof(SqliteMigrations).Assembly.GetName().Name!;

    /// <summary>Points EF Core at this project's migrations.</summary>
    public static void Use(SqliteDbContextOptionsBuilder options) => options.MigrationsAssembly(AssemblyName);
}

// Used only by `dotnet ef migrations add`: no host, no real database needed.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIbisDb>
{
    public SqliteIbisDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteIbisDb>().UseSqlite("Data Source=design.db", SqliteMigrations.Use).Options);
}
