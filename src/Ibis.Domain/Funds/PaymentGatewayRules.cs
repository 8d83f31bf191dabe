namespace Ibis.Domain.Funds;

/// <summary>
/// P050 3.5a, §502.25: a live licensee's deposit is real money that reaches the Postal Service's
/// account. The sandbox payment gateway clears every payment at once without moving any, so it
/// serves sandbox accounts only; a live account needs a gateway that moves money.
/// </summary>
public sealed record PaymentGatewaySandboxOnlyRule(string Gateway, bool GatewayIsSandbox, bool LiveAccount) : IBusinessRule
{
    public string Code => "payment_gateway_sandbox_only";

    public string Message =>
        $"the '{Gateway}' payment gateway moves no money and serves sandbox accounts only; a live deposit needs a real gateway (Ibis:Payments:Gateway = manual) (P050 3.5a, §502.25)";

    public bool IsBroken() => GatewayIsSandbox && LiveAccount;
}
