using Ibis.Server.Sandbox;

namespace Ibis.Server.Hosting;

/// <summary>
/// Start-up work that must finish before the first request: migrations, then the sandbox world on
/// an empty database. Runs as a hosted service so it completes before Kestrel accepts requests.
/// </summary>
public sealed partial class IbisStartup(IServiceProvider services, IbisOptions options, Ibis.Security.SelfTests.SelfTestResult selfTest, ILogger<IbisStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseSetup.MigrateAsync(services, cancellationToken);
        LogDatabase(logger, options.PostgresConnectionString is null ? $"SQLite at {options.SqlitePath}" : "PostgreSQL");
        // The portal's key ring (in the database, Hosting/DataProtectionKeyRing) is read, or its first
        // key made, now rather than inside the first visitor's request.
        services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("Ibis.Startup").Protect([1]);
        if (!options.CreateSandbox) return;
        if (!selfTest.Passed)
        {
            // No keys can be made without a passing self-test; the server still answers /health.
            Console.Error.WriteLine("Sandbox not created: the cryptographic self-test failed (see /health).");
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var world = scope.ServiceProvider.GetRequiredService<SandboxWorld>();
        if (!await world.IsEmpty(cancellationToken))
        {
            SandboxWorld.RecoverCredentialsFile(options);
            return;
        }
        var pending = SandboxWorld.PendingCredentialsPath(options);
        var creds = await world.Create(c => SandboxWorld.WriteCredentialsFile(pending, c, cancellationToken), cancellationToken);
        File.Move(pending, SandboxWorld.CredentialsPath(options), overwrite: true);
        // Secrets never go to standard output or the logs (they end up in journals and CI logs):
        // only where to find them. The file is readable by its owner only (mode 0600).
        Console.WriteLine();
        Console.WriteLine("Ibis sandbox created: a provider, a licensed licensee with a funded device (DR $100.000),");
        Console.WriteLine("one portal login per role and test API keys. Their passwords and keys are in");
        Console.WriteLine($"  {SandboxWorld.CredentialsPath(options)} (readable by you only)");
        Console.WriteLine($"Sandbox device: {creds.DeviceId}");
        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Ibis database: {Database}")]
    private static partial void LogDatabase(ILogger logger, string database);
}
