using Ibis.Testing;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>One app on a fresh SQLite file for a test class.</summary>
public sealed class SqliteAppFixture : IDisposable
{
    public IbisApp App { get; } = new(DatabaseKind.Sqlite);

    public void Dispose() => App.Dispose();
}

/// <summary>
/// One app on a fresh PostgreSQL database for a test class. When PostgreSQL is unreachable the
/// fixture still constructs; each test then skips (or fails under IBIS_REQUIRE_ALL=1).
/// </summary>
public sealed class PostgresAppFixture : IDisposable
{
    private readonly Lazy<IbisApp> _app = new(() => new IbisApp(DatabaseKind.Postgres));

    public IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
    }
}
