using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

/// <summary>
/// The transmissions a caller may read: a provider its own; the Postal Service and its auditors every provider's of their
/// mode (a sandbox key never reads live transmissions); nobody else any.
/// </summary>
internal static class TransmissionReads
{
    public static readonly Access Access = Access.For(Caller.ProviderRole, Caller.PostalRole, Caller.AuditorRole);

    public static IQueryable<TransmissionRow> Visible(IbisDb db, Caller caller)
    {
        Access.Authorize(caller);
        var all = db.Transmissions.AsNoTracking();
        return caller.Role == Caller.ProviderRole
            ? all.Where(t => t.ProviderId == caller.ProviderId)
            : all.Where(t => db.Providers.Any(p => p.Id == t.ProviderId && p.Sandbox == caller.IsSandbox));
    }

    /// <summary>One transmission the caller may read; another's is not found.</summary>
    public static async Task<TransmissionRow> Visible(IbisDb db, Caller caller, string id, CancellationToken ct)
    {
        var row = await db.Transmissions.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        var visible = row is not null && (caller.Role is Caller.PostalRole or Caller.AuditorRole
            ? await db.Providers.AnyAsync(p => p.Id == row.ProviderId && p.Sandbox == caller.IsSandbox, ct)
            : caller.Role == Caller.ProviderRole && row.ProviderId == caller.ProviderId);
        return visible ? row! : throw ApiException.NotFound("transmission", id);
    }
}
