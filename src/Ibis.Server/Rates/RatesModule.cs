namespace Ibis.Server.Rates;

/// <summary>Rate tables: the amount due of a piece.</summary>
public static class RatesModule
{
    public static IServiceCollection AddRates(this IServiceCollection services)
    {
        services.AddScoped<RateTables>();
        services.AddScoped<LoadPriceList>();
        return services;
    }
}
