using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>
/// What the use cases of a Privacy Act request share (notice 820.100 "Notification Procedure", "Record Access
/// Procedures", "Contesting Record Procedures"): the requests a caller may see, a request found by id, and the
/// request as its aggregate.
/// </summary>
internal static class PrivacyRecords
{
    /// <summary>A licensee sees its own requests; the privacy officer those of its mode; nobody else any.</summary>
    public static IQueryable<PrivacyRequestRow> Visible(IbisDb db, Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.PrivacyRequests.Where(r => r.RequesterLicenseeId == caller.LicenseeId),
        // A request names a customer of the officer's own mode; a letter naming no customer record has no mode.
        Caller.PrivacyOfficerRole => db.PrivacyRequests.Where(r => r.RequesterLicenseeId == "" || db.Licensees.Any(c => c.Id == r.RequesterLicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.PrivacyRequests.Where(_ => false),
    };

    /// <summary>The request, tracked for a change, or 404 <c>not_found</c>.</summary>
    public static async Task<PrivacyRequestRow> Find(IbisDb db, string id, CancellationToken ct) =>
        await db.PrivacyRequests.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw ApiException.NotFound("privacy_request", id);

    /// <summary>The request as its aggregate, which checks every move (<see cref="PrivacyRequestTransitionMustBeAllowedRule"/>).</summary>
    public static PrivacyRequest Aggregate(PrivacyRequestRow row) => PrivacyRequest.Load(row.Id, EnumText<PrivacyRequestKind>.Parse(row.Kind), row.Status);

    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
