namespace Ibis.Server.Installation;

/// <summary>The installation's first start: the Postal Service CA and the first administrator (`ibis admin init`).</summary>
public static class InstallationModule
{
    public static IServiceCollection AddInstallation(this IServiceCollection services)
    {
        services.AddScoped<InitializeInstallation>();
        return services;
    }
}
