namespace Ibis.Server.Quality;

/// <summary>Print-quality samples: submission and evaluation.</summary>
public static class QualityModule
{
    public static IServiceCollection AddQuality(this IServiceCollection services)
    {
        services.AddScoped<SubmitQualitySample>();
        services.AddScoped<EvaluateQualitySample>();
        return services;
    }
}
