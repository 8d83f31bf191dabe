using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Indicia;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Indicia;

/// <summary>
/// The advertising matter a caller may see (P050 4.10): the Postal Service all of it, a provider its own, a licensee the
/// approved matter of its provider meant for all its licensees or for it alone.
/// </summary>
internal static class AdvertisementReads
{
    public static IQueryable<AdvertisementRow> Visible(IbisDb db, Caller caller)
    {
        var all = db.Advertisements.AsNoTracking();
        return caller.Role switch
        {
            Caller.PostalRole => all,
            Caller.ProviderRole => all.Where(a => a.ProviderId == caller.ProviderId),
            Caller.LicenseeRole => all.Where(a => a.Status == ApprovalStatus.Approved && (a.LicenseeId == null || a.LicenseeId == caller.LicenseeId)
                                                  && db.Licensees.Any(l => l.Id == caller.LicenseeId && l.ProviderId == a.ProviderId)),
            _ => all.Where(_ => false),
        };
    }
}
