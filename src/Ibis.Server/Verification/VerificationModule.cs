using Microsoft.Extensions.DependencyInjection.Extensions;
namespace Ibis.Server.Verification;

/// <summary>Verifying indicia and recording scan events; the verification caches and suspect devices.</summary>
public static class VerificationModule
{
    public static IServiceCollection AddVerification(this IServiceCollection services)
    {
        services.AddScoped<VerifyIndicium>();
        services.TryAddSingleton<Ibis.Security.Signatures.CertificateKeys>();
        services.AddSingleton<VerifyingKeys>();
        services.AddSingleton<VerificationFacts>();
        services.AddScoped<IndiciumVerifier>();
        services.AddScoped<ScanStore>();
        services.AddScoped<RecordScanEvents>();
        services.AddSingleton<SuspectDevices>();
        return services;
    }
}
