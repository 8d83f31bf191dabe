namespace Ibis.Server.Indicia;

/// <summary>Printing an indicium: pricing a piece and its dry run, the print, images, the history of printed pieces and the licensee's address book (P050 1.5, 4).</summary>
public static class IndiciaModule
{
    public static IServiceCollection AddIndicia(this IServiceCollection services)
    {
        services.AddScoped<PrintIndicium>();
        services.AddScoped<PrintRedate>();
        services.AddScoped<SubmitAdvertisement>();
        services.AddScoped<DecideAdvertisement>();
        services.AddScoped<WithdrawAdvertisement>();
        services.AddScoped<RegisterIndiciumDesign>();
        services.AddScoped<DecideIndiciumDesign>();
        services.AddScoped<ApproveClassifiedBranch>();
        services.AddScoped<WithdrawClassifiedBranch>();
        services.AddScoped<SetCollectionSchedule>();
        services.AddScoped<PiecePricing>();
        services.AddScoped<QuotePieces>();
        services.AddScoped<IndiciaHistory>();
        services.AddScoped<AddressBookReads>();
        services.AddScoped<SaveAddress>();
        services.AddScoped<KeepPrintedAddress>();
        services.AddScoped<DeleteAddress>();
        services.AddScoped<SetDefaultReturnAddress>();
        services.AddScoped<IndiciumImages>();
        return services;
    }
}
