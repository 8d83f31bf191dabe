namespace Ibis.Server.Organisations;

/// <summary>Live operation: providers' authorization (§502.2–502.5), onboarding, invitations, users, API keys, sign-in and two-factor.</summary>
public static class OrganisationsModule
{
    public static IServiceCollection AddOrganisations(this IServiceCollection services)
    {
        services.AddScoped<TwoFactor>();
        services.AddScoped<SignIn>();
        services.AddScoped<AuthorizeProvider>();
        services.AddScoped<ChangeProviderStatus>();
        services.AddScoped<RecordProviderOwnershipChange>();
        services.AddScoped<ListProviders>();
        services.AddScoped<OnboardLicensee>();
        services.AddScoped<InviteUser>();
        services.AddScoped<AcceptInvitation>();
        services.AddScoped<ListUsers>();
        services.AddScoped<ChangeUser>();
        services.AddScoped<RemoveUser>();
        services.AddScoped<ListApiKeys>();
        services.AddScoped<CreateApiKey>();
        services.AddScoped<RotateApiKey>();
        services.AddScoped<RevokeApiKey>();
        return services;
    }
}
