using Ibis.Data;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Privacy;

/// <summary>
/// The reads of the Privacy Act pages: the requests the caller may see (<see cref="PrivacyRecords.Visible"/>:
/// the privacy officer every one, a licensee its own), newest first, and one of them.
/// </summary>
public sealed class ListPrivacyRequests(IbisDb db)
{
    public async Task<IReadOnlyList<PrivacyRequestView>> Newest(Caller caller, int count, CancellationToken ct) =>
        (await PrivacyRecords.Visible(db, caller).AsNoTracking().OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id).Take(count).ToListAsync(ct))
        .Select(PrivacyRequestView.From).ToList();

    /// <summary>The request, or null when there is none the caller may see.</summary>
    public async Task<PrivacyRequestView?> Find(Caller caller, string id, CancellationToken ct) =>
        await PrivacyRecords.Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } row ? PrivacyRequestView.From(row) : null;
}
