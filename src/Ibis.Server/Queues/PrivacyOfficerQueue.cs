using Ibis.Data;
using Ibis.Domain.Customers;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Queues;

/// <summary>
/// The privacy officer's requests (notice 820.100 "Record access procedures", "Contesting record
/// procedures"): identities to verify, then inquiries to answer and amendments to decide.
/// </summary>
internal sealed class PrivacyOfficerQueue(IbisDb db) : IRoleQueue
{
    public async Task<IReadOnlyList<QueueItem>> Items(Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var open = await (from r in db.PrivacyRequests.AsNoTracking()
                          join l in db.Licensees on r.RequesterLicenseeId equals l.Id
                          where l.Sandbox == caller.IsSandbox && (r.Status == PrivacyRequestStatus.Received || r.Status == PrivacyRequestStatus.Verified)
                          select new { r.Status, r.Kind }).ToListAsync(ct);
        return
        [
            new("verify", "Requests to verify", open.Count(r => r.Status == PrivacyRequestStatus.Received), "/portal/privacy/requests", "Open Privacy Act requests",
                "Verify the requester's identity before anything is disclosed (39 CFR 266.6)."),
            new("answer", "Inquiries to answer", open.Count(r => r.Status == PrivacyRequestStatus.Verified && r.Kind == "inquiry"), "/portal/privacy/requests", "Open Privacy Act requests",
                "Verified requesters waiting for their records."),
            new("amend", "Amendments to decide", open.Count(r => r.Status == PrivacyRequestStatus.Verified && r.Kind == "amendment"), "/portal/privacy/requests", "Open Privacy Act requests",
                "Verified requests to correct a record: accept or refuse with reasons."),
        ];
    }
}
