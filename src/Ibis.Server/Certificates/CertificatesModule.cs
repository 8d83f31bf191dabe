namespace Ibis.Server.Certificates;

/// <summary>The certificate directory over time (§502.28): validity per serial, revocation and the CAs' CRLs, external authorities.</summary>
public static class CertificatesModule
{
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddSingleton<CertificateValidityCache>();
        services.AddSingleton<RevocationLists>();
        services.AddScoped<RevokeCertificate>();
        services.AddScoped<ImportExternalAuthority>();
        return services;
    }
}
