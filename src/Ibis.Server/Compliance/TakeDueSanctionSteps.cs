using Ibis.Data;
using Ibis.Domain.Organisations;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>
/// The clock's steps, run by the scheduled job (idempotent, state-based, so a late run catches up): an
/// action whose defense period passed unused or whose decision's date came takes effect; a suspension
/// whose period is over ends; a revocation whose appeal window closed becomes final. Each procedure moves in a
/// transaction of its own, through the pipeline without a caller.
/// </summary>
internal sealed class TakeDueSanctionSteps(IbisDb db, CommandPipeline pipeline, SanctionRecords records, TimeProvider clock)
{
    /// <summary>Takes every step that is due; returns how many were taken.</summary>
    public async Task<int> Handle(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Sanctions.AsNoTracking()
            .Where(s => ((s.Stage == "noticed" || s.Stage == "decided") && s.EffectiveAt <= now)
                        || (s.Stage == "in_effect" && (s.EndsAt <= now || (s.Action == "revocation" && s.AppealDueAt <= now))))
            .Select(s => s.Id).ToListAsync(ct);
        var steps = 0;
        foreach (var id in due)
        {
            steps += await pipeline.Run(null, null, async ct =>
            {
                var row = await db.Sanctions.FirstAsync(s => s.Id == id, ct);
                var sanction = SanctionRecords.ToDomain(row);
                SanctionStep? step = sanction.TakesEffectAt(now) ? sanction.TakeEffect(now) : sanction.EndsBy(now) ? sanction.End(now) : null;
                if (step is not null) await records.Record(row, sanction, step, SanctionRecords.Scheduler, now, ct);
                else await records.SetProviderStanding(row.ProviderId, now, SanctionRecords.Scheduler, ct); // a revocation's appeal window closed: now final
                return step is null ? 0 : 1;
            }, ct);
        }
        return steps;
    }
}
