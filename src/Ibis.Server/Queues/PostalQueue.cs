using Ibis.Data;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>
/// The Postal Service's general duties: the providers it authorizes (§502.2–502.5), duties escalated
/// to it when a provider or licensee missed them, the daily financial transactions to reconcile
/// (§502.20(m)) and the open cases of its mode's devices.
/// </summary>
internal sealed class PostalQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var providers = await db.Providers.AsNoTracking().CountAsync(p => p.Sandbox == caller.IsSandbox && p.Status != ProviderStatus.Authorized, ct);
        var escalated = await QueueReads.OpenDuties(db, caller, ct, escalatedOnly: true);
        var since = now.AddDays(-7);
        var files = await (from t in db.Transmissions.AsNoTracking()
                           join p in db.Providers on t.ProviderId equals p.Id
                           where p.Sandbox == caller.IsSandbox && t.Kind == "daily_financial_transactions" && t.CreatedAt >= since
                           select t.Id).CountAsync(ct);
        var cases = await QueueReads.OpenCases(db, caller, ct);
        return
        [
            new("escalations", "Duties escalated to the Postal Service", escalated.Count, "/portal/compliance", "Open compliance", WorkQueues.DueHint(escalated, now))
                { Urgent = escalated.Count > 0 },
            new("transmissions", "Daily files to reconcile (7 days)", files, "/portal/transmissions", "Open transmissions",
                "Providers' daily financial transactions, to reconcile against the deposit ledger (§502.20(m))."),
            new("providers", "Providers suspended or revoked", providers, "/portal/providers", "Open providers",
                "Providers whose authorization is not in force (§502.2–502.5)."),
            new("cases", "Open cases", cases, "/portal/compliance", "Open compliance",
                "Failed audits and register integrity failures under investigation by providers."),
        ];
    }
}
