using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Funds;

/// <summary>
/// The Postal Service reconciles a provider's daily financial transactions with the ledger: the document against its
/// SHA-256, each reset and the day's total against the resets recorded. It reads and records nothing.
/// </summary>
internal sealed class ReconcileTransmission(IbisDb db, DailyFinancialTransactions daily)
{
    public static readonly Access Access = Access.For(Caller.PostalRole, Caller.AuditorRole);

    public async Task<ReconciliationView> Handle(Caller caller, string transmissionId, CancellationToken ct)
    {
        Access.Authorize(caller);
        var row = await TransmissionReads.Visible(db, caller, transmissionId, ct);
        if (row.Kind != DailyFinancialTransactions.Kind) throw ApiException.Invalid("transmission_kind_invalid", "only daily financial transactions are reconciled", "transmission_id");
        return await daily.Reconcile(row, ct);
    }
}
