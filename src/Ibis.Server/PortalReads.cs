using Microsoft.Extensions.DependencyInjection;

namespace Ibis.Server;

/// <summary>
/// The read-only queries behind portal pages, each in the module whose records it reads: page models
/// call these and the use cases, never the database context (issue 18; PageModelTests keeps it so).
/// </summary>
internal static class PortalReads
{
    public static void Add(IServiceCollection services)
    {
        services.AddScoped<Organisations.OnboardingReads>();
        services.AddScoped<Funds.ShowAccount>();
        services.AddScoped<Funds.ListTransmissions>();
        services.AddScoped<Reporting.ListProviderCases>();
        services.AddScoped<Indicia.PrintFormReads>();
        services.AddScoped<Psd.ShowDevice>();
        services.AddScoped<Licensing.ShowLicensingWork>();
        services.AddScoped<Privacy.ListPrivacyRequests>();
    }
}
