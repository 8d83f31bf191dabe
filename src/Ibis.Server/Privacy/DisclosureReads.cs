using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>
/// The accounting of disclosures (5 U.S.C. 552a(c)), as read: listed to the privacy officer and, on request, to the
/// person the record is about (552a(c)(3)) once the privacy officer has verified who is asking (39 CFR 266.6).
/// A disclosure itself is made by <see cref="DiscloseRecord"/>.
/// </summary>
public sealed class DisclosureReads(IbisDb db)
{
    /// <summary>
    /// The accounting visible to the caller: the privacy officer sees every disclosure of its mode's
    /// customers; a customer sees the disclosures of its own records once it has a verified Privacy Act
    /// inquiry (39 CFR 266.6, 552a(c)(3)); nobody else sees any.
    /// </summary>
    public async Task<IQueryable<DisclosureRow>> Visible(Caller caller, CancellationToken ct)
    {
        switch (caller.Role)
        {
            case Caller.PrivacyOfficerRole:
                return db.Disclosures.Where(d => db.Licensees.Any(l => l.Id == d.LicenseeId && l.Sandbox == caller.IsSandbox));
            case Caller.LicenseeRole:
                if (!await Verified(caller, ct)) throw new ApiException(403, "identity_not_verified", NotVerified);
                return db.Disclosures.Where(d => d.LicenseeId == caller.LicenseeId);
            default:
                throw new ApiException(403, "forbidden", "the accounting of disclosures is kept for the privacy officer and listed to the person it is about");
        }
    }

    /// <summary>Why a customer without a verified Privacy Act inquiry is not given its accounting yet.</summary>
    public const string NotVerified =
        "the accounting of disclosures is given to a requester whose identity the privacy officer has verified: submit a Privacy Act inquiry first (39 CFR 266.6)";

    /// <summary>Whether the caller, a customer, has a Privacy Act inquiry whose identity was verified (39 CFR 266.6); the accounting is listed to it only then.</summary>
    public Task<bool> Verified(Caller caller, CancellationToken ct) =>
        db.PrivacyRequests.AnyAsync(r => r.RequesterLicenseeId == caller.LicenseeId && r.Kind == "inquiry" && r.VerifiedAt != null, ct);

    /// <summary>One page of the accounting, newest first.</summary>
    public async Task<ListView<DisclosureView>> List(Caller caller, PageQuery page, CancellationToken ct) =>
        await Lists.Page((await Visible(caller, ct)).AsNoTracking(), page, Lists.NewestFirst<DisclosureRow>(d => d.DisclosedAt, d => d.Id), DisclosureView.From, ct);
}
