namespace Ibis.Server.Oversight;

/// <summary>The Postal Service's read-only view of every provider, each read logged with its purpose; revocation evidence; revenue protection (§502.25).</summary>
public static class OversightModule
{
    public static IServiceCollection AddOversight(this IServiceCollection services)
    {
        services.AddScoped<ListDevicesForOversight>();
        services.AddScoped<ReadDeviceForOversight>();
        services.AddScoped<ListRecordsForOversight>();
        services.AddScoped<ShowRevenueProtection>();
        services.AddScoped<ExportRevenueProtection>();
        services.AddScoped<ListCasesForOversight>();
        services.AddScoped<ListOversightReads>();
        services.AddScoped<ListRevocationEvidence>();
        return services;
    }
}
