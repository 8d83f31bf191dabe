using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Funds;

/// <summary>
/// §502.20(m): the provider transmits one day's financial transactions by hand (the daily job, <see cref="TransmitDailyFinancialTransactions"/>, sends every closed day it missed) — every reset it accepted, with its amount — to the Postal
/// Service (<see cref="DailyFinancialTransactions"/>), which reconciles them with the ledger (<see cref="ReconcileTransmission"/>).
/// </summary>
internal sealed class TransmitFinancialTransactionsOfDay(CommandPipeline pipeline, DailyFinancialTransactions daily)
{
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public Task<TransmissionView> Handle(Caller caller, DateOnly day, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
        TransmissionView.From(await daily.Transmit(caller.ProviderId!, day, ct)), ct);
}
