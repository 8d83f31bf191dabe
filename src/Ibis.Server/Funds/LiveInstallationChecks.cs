using Ibis.Server.Funds;

using Ibis.Server.Hosting;

namespace Ibis.Server.Funds;

/// <summary>
/// What a live installation (Ibis:Sandbox = false) must not start without. P050 3.5a, §502.25: a
/// live licensee's deposits are real money, and the sandbox payment gateway clears every payment
/// without moving any — a live installation left on it would credit deposit accounts, and so
/// reset devices, with money that never arrived. So the server refuses to start rather than
/// refuse every deposit later.
/// </summary>
public static class LiveInstallationChecks
{
    /// <summary>Exit code of a refused start (EX_CONFIG of sysexits.h: a configuration error).</summary>
    public const int ExitCode = 78;

    /// <summary>The reason this configuration cannot start, in one line; null when it can.</summary>
    public static string? Problem(IConfiguration config, IbisOptions options)
    {
        var gateway = PaymentGateways.Configured(config);
        if (gateway is null)
            return $"{PaymentGateways.Setting} is '{config[PaymentGateways.Setting]}'; use '{SandboxPaymentGateway.GatewayName}' or '{ManualPaymentGateway.GatewayName}'";
        if (!options.CreateSandbox && gateway == SandboxPaymentGateway.GatewayName)
            return $"a live installation (Ibis:Sandbox=false) cannot use the sandbox payment gateway, which moves no money (P050 3.5a, §502.25); set {PaymentGateways.Setting}=manual";
        return null;
    }

    /// <summary>Writes the problem as one line on standard error and exits with <see cref="ExitCode"/>.</summary>
    public static void ExitOnProblem(IConfiguration config, IbisOptions options)
    {
        if (Problem(config, options) is not { } problem) return;
        Console.Error.WriteLine("Ibis cannot start: " + problem);
        Environment.Exit(ExitCode);
    }
}
