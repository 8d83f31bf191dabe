using Ibis.Data;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>
/// The keys the caller manages, newest first, by prefix only — never the key.
/// </summary>
public sealed class ListApiKeys(IbisDb db)
{
    public async Task<IReadOnlyList<ApiKeyView>> Handle(Caller caller, CancellationToken ct)
    {
        ApiKeyRecords.Authorize(caller);
        var rows = await ApiKeyRecords.Owned(db.ApiKeys.AsNoTracking(), caller).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return rows.Select(ApiKeyView.From).ToList();
    }
}
