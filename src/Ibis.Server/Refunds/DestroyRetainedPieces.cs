using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

public sealed record RetentionRunView(string Object, DateTimeOffset RanAt, IReadOnlyList<string> Destroyed);

/// <summary>
/// §502.27(a)(7): the unused envelopes are retained 45 days after the Form 3533 is sent to the district,
/// open to a Postal Service audit; then they are destroyed and the destruction is logged in each
/// refund's history. A scheduler calls <see cref="RunDue"/>; the provider may run it by hand. Running it
/// again destroys nothing twice.
/// </summary>
public sealed class DestroyRetainedPieces(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Provider);

    public Task<RetentionRunView> Handle(Caller caller, CancellationToken ct) =>
        pipeline.Run(caller, Access, ct => Destroy(caller.UserOrKeyId, RefundRecords.Visible(db, caller), ct), ct);

    /// <summary>For a scheduler: every refund of every provider and mode whose retention has ended.</summary>
    public Task<RetentionRunView> RunDue(CancellationToken ct) =>
        pipeline.Run(null, null, ct => Destroy("retention_schedule", db.RefundRequests, ct), ct);

    private async Task<RetentionRunView> Destroy(string actor, IQueryable<Data.Entities.RefundRequestRow> scope, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await scope.Where(r => r.RetainUntil != null && r.PiecesDestroyedAt == null).ToListAsync(ct);
        var destroyed = new List<string>();
        foreach (var row in due.Where(r => !new RetainedPiecesMayBeDestroyedRule(r.Id, r.RetainUntil, now).IsBroken()).OrderBy(r => r.RetainUntil))
        {
            var pieces = await db.RefundPieces.CountAsync(p => p.RefundId == row.Id, ct);
            row.PiecesDestroyedAt = now;
            await RefundRecords.Record(db, row, "pieces_destroyed", actor,
                $"{pieces} returned piece(s) destroyed after the 45-day retention that ended {row.RetainUntil:yyyy-MM-dd} (39 CFR 502.27(a)(7))", now, ct);
            destroyed.Add(row.Id);
        }
        return new RetentionRunView("refund_retention_run", now, destroyed);
    }
}
