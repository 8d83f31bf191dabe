using Ibis.Data.Entities;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;

namespace Ibis.Server.Organisations;

/// <summary>Which users and keys belong to the caller's organisation (and mode: sandbox or live).</summary>
internal static class OrganisationScope
{
    public static IQueryable<UserRow> Users(IQueryable<UserRow> users, Caller caller) => caller.Organisation switch
    {
        OrganisationKind.Licensee => users.Where(u => u.LicenseeId == caller.LicenseeId && u.Sandbox == caller.IsSandbox),
        OrganisationKind.Provider => users.Where(u => u.ProviderId == caller.ProviderId && u.LicenseeId == null && u.Sandbox == caller.IsSandbox),
        _ => users.Where(u => u.LicenseeId == null && u.ProviderId == null && u.Sandbox == caller.IsSandbox),
    };

    public static IQueryable<ApiKeyRow> Keys(IQueryable<ApiKeyRow> keys, Caller caller)
    {
        var mode = caller.IsSandbox ? "test" : "live";
        return caller.Organisation switch
        {
            OrganisationKind.Licensee => keys.Where(k => k.LicenseeId == caller.LicenseeId && k.Mode == mode),
            OrganisationKind.Provider => keys.Where(k => k.ProviderId == caller.ProviderId && k.LicenseeId == null && k.Mode == mode),
            _ => keys.Where(k => k.LicenseeId == null && k.ProviderId == null && k.Mode == mode),
        };
    }
}
