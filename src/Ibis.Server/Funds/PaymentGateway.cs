namespace Ibis.Server.Funds;

/// <summary>What Ibis asks of a payment processor: submit a deposit, learn whether it cleared.</summary>
public sealed record PaymentInstruction(string DepositId, string Method, long AmountMills, string? InstrumentMasked);

/// <summary>The processor's first answer; <see cref="Reference"/> is null when it gives none yet.</summary>
public sealed record PaymentSubmission(string? Reference, bool ConfirmedNow, string? FailureReason = null);

/// <summary>
/// The outside party that moves money (the bank, the card network). Ibis records instructions and
/// confirmations; a deployment picks its gateway with Ibis:Payments:Gateway (see
/// <see cref="PaymentGateways"/>), and pending deposits are confirmed later through
/// POST /v1/deposits/{id}/confirmation or the ACH round trip (Funds/Ach).
/// </summary>
public interface IPaymentGateway
{
    /// <summary>The configuration name: "sandbox" or "manual".</summary>
    string Name { get; }

    /// <summary>True for a gateway that moves no money: it serves sandbox accounts only (P050 3.5a, §502.25).</summary>
    bool IsSandbox { get; }

    Task<PaymentSubmission> Submit(PaymentInstruction instruction, CancellationToken ct);
}

/// <summary>
/// The sandbox processor: every payment clears at once, except two test hooks like card networks'
/// test numbers — amounts ending in .013 are declined, amounts ending in .017 stay pending until
/// confirmed through POST /v1/deposits/{id}/confirmation. It moves no money, so it serves sandbox
/// accounts only.
/// </summary>
public sealed class SandboxPaymentGateway : IPaymentGateway
{
    public const string GatewayName = "sandbox";

    public string Name => GatewayName;

    public bool IsSandbox => true;

    public Task<PaymentSubmission> Submit(PaymentInstruction instruction, CancellationToken ct) =>
        Task.FromResult((instruction.AmountMills % 1000) switch
        {
            13 => new PaymentSubmission("sbx_" + instruction.DepositId, ConfirmedNow: false, FailureReason: "declined by the sandbox (amounts ending in .013 always fail)"),
            17 => new PaymentSubmission("sbx_" + instruction.DepositId, ConfirmedNow: false),
            _ => new PaymentSubmission("sbx_" + instruction.DepositId, ConfirmedNow: true),
        });
}

/// <summary>
/// The live gateway of an installation without a processor integration: Ibis moves no money by
/// itself, so every deposit stays pending until the money is known to have arrived — a provider
/// user confirms checks, wires, ACH credits and card payments it has seen on the bank statement
/// (POST /v1/deposits/{id}/confirmation), and ACH debits go through the ACH round trip: the debit
/// file the provider sends to its bank, the bank's return file, and the settlement (Funds/Ach).
/// </summary>
public sealed class ManualPaymentGateway : IPaymentGateway
{
    public const string GatewayName = "manual";

    public string Name => GatewayName;

    public bool IsSandbox => false;

    public Task<PaymentSubmission> Submit(PaymentInstruction instruction, CancellationToken ct) =>
        Task.FromResult(new PaymentSubmission(Reference: null, ConfirmedNow: false));
}
