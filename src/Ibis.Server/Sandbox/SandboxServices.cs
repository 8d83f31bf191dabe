namespace Ibis.Server.Sandbox;

/// <summary>
/// The sandbox module's services: the tenant builder (<see cref="SandboxWorld"/>, which makes the sandbox through the
/// live use cases) and its start-up (<see cref="SandboxStartup"/>). The composition root calls this right after it
/// registers the migrations' start-up, since hosted services start one after the other in registration order.
/// </summary>
public static class SandboxServices
{
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddScoped<SandboxWorld>();
        services.AddHostedService<SandboxStartup>();
        return services;
    }
}
