using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>
/// What each caller may see of applications, licenses, appeals, notices, the provider's tasks and leases (P050 2.1–2.5,
/// §502.20): the licensee
/// its own, the provider its licensees', the Postal Service every one of its mode.
/// </summary>
public sealed class LicensingQueries(IbisDb db)
{
    public IQueryable<LicenseRow> VisibleLicenses(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.Licenses.Where(l => l.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.Licenses.Where(l => db.Licensees.Any(c => c.Id == l.LicenseeId && c.ProviderId == caller.ProviderId)),
        Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole => db.Licenses.Where(l => db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.Licenses.Where(_ => false),
    };

    public IQueryable<LicenseApplicationRow> VisibleApplications(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.LicenseApplications.Where(a => a.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.LicenseApplications.Where(a => a.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole => db.LicenseApplications.Where(a => db.Licensees.Any(c => c.Id == a.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.LicenseApplications.Where(_ => false),
    };

    public IQueryable<AppealRow> VisibleAppeals(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.Appeals.Where(a => a.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.Appeals.Where(a => a.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole => db.Appeals.Where(a => db.Licensees.Any(c => c.Id == a.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.Appeals.Where(_ => false),
    };

    public IQueryable<NoticeRow> VisibleNotices(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.Notices.Where(n => n.Recipient == "licensee" && n.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.Notices.Where(n => n.Recipient == "provider" && n.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole => db.Notices.Where(n => db.Licensees.Any(c => c.Id == n.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.Notices.Where(_ => false),
    };

    public IQueryable<ProviderTaskRow> VisibleTasks(Caller caller) => caller.Role switch
    {
        Caller.ProviderRole => db.ProviderTasks.Where(t => t.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole => db.ProviderTasks.Where(t => db.Licensees.Any(c => c.Id == t.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.ProviderTasks.Where(_ => false),
    };

    public IQueryable<LeaseRow> VisibleLeases(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.Leases.Where(l => l.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.Leases.Where(l => l.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole => db.Leases.Where(l => db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.Leases.Where(_ => false),
    };
}
