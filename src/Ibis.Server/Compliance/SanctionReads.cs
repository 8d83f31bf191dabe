using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Compliance;

/// <summary>
/// Sanction procedures as their readers see them (39 CFR 502.5, 502.13, 502.15, 502.21): the Postal Service every
/// procedure of its mode, a provider its own, a licensee none — each with its history.
/// </summary>
public sealed class SanctionReads(IbisDb db)
{
    /// <summary>The procedures the caller may see, newest first, of one provider or of all.</summary>
    public async Task<IReadOnlyList<SanctionView>> List(Caller caller, string? providerId, CancellationToken ct)
    {
        var q = Visible(db, caller);
        if (providerId is not null) q = q.Where(s => s.ProviderId == providerId);
        var rows = await q.AsNoTracking().OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var events = (await db.SanctionEvents.AsNoTracking().Where(e => ids.Contains(e.SanctionId)).ToListAsync(ct)).ToLookup(e => e.SanctionId);
        return rows.Select(r => SanctionView.From(r, events[r.Id])).ToList();
    }

    /// <summary>One procedure of <paramref name="providerId"/>; not found when it is another provider's or not the caller's to see.</summary>
    public async Task<SanctionView> Get(Caller caller, string providerId, string id, CancellationToken ct)
    {
        var row = await Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.ProviderId == providerId, ct) ?? throw SanctionRecords.NotFound(id);
        return SanctionView.From(row, await db.SanctionEvents.AsNoTracking().Where(e => e.SanctionId == id).ToListAsync(ct));
    }

    /// <summary>The Postal Service sees every procedure of its mode; a provider its own; a licensee none.</summary>
    public static IQueryable<SanctionRow> Visible(IbisDb db, Caller caller) => caller.Role switch
    {
        Caller.ProviderRole => db.Sanctions.Where(s => s.ProviderId == caller.ProviderId),
        _ when caller.Organisation == OrganisationKind.PostalService => db.Sanctions.Where(s => s.Sandbox == caller.IsSandbox),
        _ => db.Sanctions.Where(_ => false),
    };
}
