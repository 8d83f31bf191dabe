namespace Ibis.Server.Licensing;

/// <summary>License applications (3601-A), licenses, appeals, leases and the provider's tasks (P050 2.0–2.5, §502.20).</summary>
public static class LicensingModule
{
    public static IServiceCollection AddLicensing(this IServiceCollection services)
    {
        services.AddScoped<LicensingQueries>();
        services.AddScoped<ApplicationReads>();
        services.AddScoped<ApplyForLicense>();
        services.AddScoped<UpdateLicenseInformation>();
        services.AddScoped<TransmitApplication>();
        services.AddScoped<DecideApplication>();
        services.AddScoped<RevokeLicense>();
        services.AddScoped<FileAppeal>();
        services.AddScoped<DecideAppeal>();
        services.AddScoped<CompleteProviderTask>();
        services.AddScoped<SignLease>();
        return services;
    }
}
