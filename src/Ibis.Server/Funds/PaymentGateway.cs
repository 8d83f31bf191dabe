namespace Ibis.Server.Funds;

/// <summary>What Ibis asks of a payment processor: submit a deposit, learn whether it cleared.</summary>
public sealed record PaymentInstruction(string DepositId, string Method, long AmountMills, string? InstrumentMasked);

public sealed record PaymentSubmission(string Reference, bool ConfirmedNow, string? FailureReason = null);

/// <summary>
/// The outside party that moves money (the bank, the card network). Ibis records instructions and
/// confirmations; a real deployment plugs its processor in here, and confirms later deposits through
/// POST /v1/deposits/{id}/confirmation when the processor calls back.
/// </summary>
public interface IPaymentGateway
{
    Task<PaymentSubmission> Submit(PaymentInstruction instruction, CancellationToken ct);
}

/// <summary>
/// The sandbox processor: every payment clears at once, except two test hooks like card networks'
/// test numbers — amounts ending in .013 are declined, amounts ending in .017 stay pending until
/// confirmed through POST /v1/deposits/{id}/confirmation.
/// </summary>
public sealed class SandboxPaymentGateway : IPaymentGateway
{
    public Task<PaymentSubmission> Submit(PaymentInstruction instruction, CancellationToken ct) =>
        Task.FromResult((instruction.AmountMills % 1000) switch
        {
            13 => new PaymentSubmission("sbx_" + instruction.DepositId, ConfirmedNow: false, FailureReason: "declined by the sandbox (amounts ending in .013 always fail)"),
            17 => new PaymentSubmission("sbx_" + instruction.DepositId, ConfirmedNow: false),
            _ => new PaymentSubmission("sbx_" + instruction.DepositId, ConfirmedNow: true),
        });
}
