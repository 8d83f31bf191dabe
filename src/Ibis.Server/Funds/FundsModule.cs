namespace Ibis.Server.Funds;

/// <summary>Deposit accounts, deposits, advances, the ledger and the daily financial transmissions (P050 3.5–3.6; the payment gateways register themselves, Funds/PaymentGateways.cs).</summary>
public static class FundsModule
{
    public static IServiceCollection AddFunds(this IServiceCollection services)
    {
        services.AddSingleton<Transmissions>();
        services.AddScoped<AccountTransaction>();
        services.AddScoped<DepositSettlement>();
        services.AddScoped<MakeDeposit>();
        services.AddScoped<ConfirmDeposit>();
        services.AddScoped<AdvanceFunds>();
        services.AddScoped<RepayAdvance>();
        services.AddScoped<SetAdvanceLimit>();
        services.AddScoped<CloseDepositAccount>();
        services.AddScoped<OpenDepositAccount>();
        services.AddScoped<ConfigureDepositAccount>();
        services.AddScoped<DailyFinancialTransactions>();
        services.AddScoped<TransmitFinancialTransactionsOfDay>();
        services.AddScoped<ReconcileTransmission>();
        return services;
    }
}
