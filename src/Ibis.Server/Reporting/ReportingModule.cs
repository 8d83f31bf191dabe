namespace Ibis.Server.Reporting;

/// <summary>Potential security weaknesses as cases and the provider's reports on them (§502.14).</summary>
public static class ReportingModule
{
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddScoped<ShowCase>();
        services.AddScoped<InvestigateCase>();
        services.AddScoped<ResolveCase>();
        services.AddScoped<OpenSecurityWeakness>();
        services.AddScoped<FileSecurityReport>();
        services.AddScoped<ListSecurityReports>();
        return services;
    }
}
