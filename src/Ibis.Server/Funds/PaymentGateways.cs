using Ibis.Domain;
using Ibis.Domain.Funds;

namespace Ibis.Server.Funds;

/// <summary>
/// Which gateway takes a deposit. Ibis:Payments:Gateway names the installation's gateway: "sandbox"
/// (the default) or "manual". A sandbox account always uses the sandbox gateway (its money is not
/// real, whatever serves live accounts); a live account uses the configured one, and is refused
/// when that is the sandbox gateway (P050 3.5a, §502.25). A live installation cannot even start
/// with the sandbox gateway (Hosting/LiveInstallationChecks).
/// </summary>
public sealed class PaymentGateways(SandboxPaymentGateway sandbox, ManualPaymentGateway manual, IConfiguration config)
{
    public const string Setting = "Ibis:Payments:Gateway";

    /// <summary>The configured gateway's name, or null when the setting names none that exists.</summary>
    public static string? Configured(IConfiguration config) =>
        (config[Setting] is { Length: > 0 } name ? name.Trim().ToLowerInvariant() : SandboxPaymentGateway.GatewayName) switch
        {
            SandboxPaymentGateway.GatewayName => SandboxPaymentGateway.GatewayName,
            ManualPaymentGateway.GatewayName => ManualPaymentGateway.GatewayName,
            _ => null,
        };

    public IPaymentGateway Live => Configured(config) == ManualPaymentGateway.GatewayName ? manual : sandbox;

    /// <summary>The gateway for an account; payment_gateway_sandbox_only for a live account and the sandbox gateway.</summary>
    public IPaymentGateway For(bool sandboxAccount)
    {
        if (sandboxAccount) return sandbox;
        var gateway = Live;
        Rules.Check(new PaymentGatewaySandboxOnlyRule(gateway.Name, gateway.IsSandbox, LiveAccount: true));
        return gateway;
    }
}

public static class PaymentServices
{
    /// <summary>The gateways and the ACH round trip (Program.cs registers them with this one call).</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddSingleton<SandboxPaymentGateway>();
        services.AddSingleton<ManualPaymentGateway>();
        services.AddSingleton<PaymentGateways>();
        services.AddSingleton<Ach.AchSettings>();
        services.AddScoped<Ach.AchDebitFiles>();
        services.AddScoped<Ach.AchReturns>();
        services.AddScoped<Ach.AchSettlements>();
        return services;
    }
}
