namespace Ibis.Server.Customers;

/// <summary>Customer records of Privacy Act notice 820.100, their keys (crypto-shredding) and the logon record.</summary>
public static class CustomersModule
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<RecordKeys>();
        services.AddScoped<CustomerRecordReads>();
        services.AddScoped<CreateCustomerRecord>();
        services.AddScoped<AmendCustomerRecord>();
        services.AddScoped<EndCustomerRelationship>();
        services.AddScoped<RecordCustomerLogon>();
        return services;
    }
}
