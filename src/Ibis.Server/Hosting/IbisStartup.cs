namespace Ibis.Server.Hosting;

/// <summary>
/// Start-up work that must finish before the first request: migrations and the portal's key ring. Runs
/// as the first hosted service, so it completes before the others start and before Kestrel accepts
/// requests (the sandbox tenant is made next, by <c>Sandbox/SandboxStartup</c>).
/// </summary>
public sealed partial class IbisStartup(IServiceProvider services, IbisOptions options, ILogger<IbisStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseSetup.MigrateAsync(services, cancellationToken);
        LogDatabase(logger, options.PostgresConnectionString is null ? $"SQLite at {options.SqlitePath}" : "PostgreSQL");
        // The portal's key ring (in the database, Hosting/DataProtectionKeyRing) is read, or its first
        // key made, now rather than inside the first visitor's request.
        services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("Ibis.Startup").Protect([1]);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Ibis database: {Database}")]
    private static partial void LogDatabase(ILogger logger, string database);
}
