using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ibis.Data;

// Used only by `dotnet ef migrations add`: no host, no real database needed.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIbisDb>
{
    public SqliteIbisDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteIbisDb>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresIbisDb>
{
    public PostgresIbisDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresIbisDb>().UseNpgsql("Host=localhost;Database=ibis_design").Options);
}
