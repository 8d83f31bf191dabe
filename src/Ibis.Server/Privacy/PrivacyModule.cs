namespace Ibis.Server.Privacy;

/// <summary>Privacy Act requests, disclosures and their accounting, retention and disposal (notice 820.100).</summary>
public static class PrivacyModule
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddScoped<LogWrittenInquiry>();
        services.AddScoped<SubmitPrivacyRequest>();
        services.AddScoped<VerifyRequesterIdentity>();
        services.AddScoped<DecideAmendment>();
        services.AddScoped<PrivacyRequestReads>();
        services.AddScoped<AnswerPrivacyInquiry>();
        services.AddScoped<DiscloseRecord>();
        services.AddScoped<ShowDisclosedRecord>();
        services.AddScoped<DisclosureReads>();
        services.AddScoped<RetentionDisposal>();
        services.AddScoped<RetentionOverview>();
        return services;
    }
}
