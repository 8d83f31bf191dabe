using Ibis.Server.Hosting;

namespace Ibis.Server.Sandbox;

/// <summary>
/// Makes the sandbox tenant on an empty database, right after the migrations (registered after
/// <see cref="IbisStartup"/>; hosted services start one after the other) and before Kestrel accepts
/// requests. The tenant itself is made through the live use cases (<see cref="SandboxWorld"/>).
/// </summary>
internal sealed class SandboxStartup(IServiceProvider services, IbisOptions options, Ibis.Security.SelfTests.SelfTestResult selfTest) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
}
