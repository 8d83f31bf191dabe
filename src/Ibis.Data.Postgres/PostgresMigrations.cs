using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Ibis.Data.Postgres;

/// <summary>Where the PostgreSQL migrations of <see cref="PostgresIbisDb"/> live.</summary>
public static class PostgresMigrations
{
    public static string AssemblyName { get; } = typeof(PostgresMigrations).Assembly.GetName().Name!;

    /// <summary>Points EF Core at this project's migrations.</summary>
    public static void Use(NpgsqlDbContextOptionsBuilder options) => options.MigrationsAssembly(AssemblyName);
}

// Used only by `dotnet ef migrations add`: no host, no real database needed.
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresIbisDb>
{
    public PostgresIbisDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresIbisDb>().UseNpgsql("Host=localhost;Database=ibis_design", PostgresMigrations.Use).Options);
}
