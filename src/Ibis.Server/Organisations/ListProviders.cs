using Ibis.Data;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>The providers a caller may see: the Postal Service every provider of its mode, a provider itself, a licensee none.</summary>
public sealed class ListProviders(IbisDb db)
{
    /// <summary>The Postal Service sees every provider of its mode; a provider sees itself.</summary>
    public async Task<IReadOnlyList<ProviderView>> Handle(Caller caller, CancellationToken ct)
    {
        var query = db.Providers.AsNoTracking().Where(p => p.Sandbox == caller.IsSandbox);
        if (caller.Organisation == OrganisationKind.Provider) query = query.Where(p => p.Id == caller.ProviderId);
        else if (caller.Organisation == OrganisationKind.Licensee) return [];
        var providers = await query.OrderBy(p => p.Name).ToListAsync(ct);
        var ids = providers.Select(p => p.Id).ToList();
        var events = await db.ProviderEvents.AsNoTracking().Where(e => ids.Contains(e.ProviderId)).ToListAsync(ct);
        return providers.Select(p => ProviderView.From(p, events.Where(e => e.ProviderId == p.Id))).ToList();
    }

    public async Task<ProviderView> Get(Caller caller, string providerId, CancellationToken ct)
    {
        var all = await Handle(caller, ct);
        return all.FirstOrDefault(p => p.Id == providerId) ?? throw ProviderRecords.NotFound(providerId);
    }
}
