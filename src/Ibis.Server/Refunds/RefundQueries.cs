using Ibis.Data;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

public sealed record ListRefundsQuery(string? Status, int? Limit, string? StartingAfter);

/// <summary>Reading refunds: one by id, or a page of the caller's refunds, newest first (cursor: <c>starting_after</c>).</summary>
public sealed class RefundQueries(IbisDb db)
{
    public async Task<RefundView> Get(Caller caller, string refundId, CancellationToken ct) =>
        await RefundRecords.View(db, await RefundRecords.Load(db, caller, refundId, ct), ct);

    public async Task<ListView<RefundView>> List(Caller caller, ListRefundsQuery query, CancellationToken ct)
    {
        var limit = query.Limit ?? 20;
        if (limit is < 1 or > 100)
            throw new BusinessRuleViolationException(new BrokenRule("limit_invalid", "limit is between 1 and 100", "limit", RuleKind.BadInput));
        var rows = RefundRecords.Visible(db, caller).AsNoTracking();
        if (query.Status is { Length: > 0 } status) rows = rows.Where(r => r.Status == status);
        if (query.StartingAfter is { } after)
        {
            var cursor = await RefundRecords.Load(db, caller, after, ct);
            rows = rows.Where(r => r.CreatedAt < cursor.CreatedAt || (r.CreatedAt == cursor.CreatedAt && string.Compare(r.Id, cursor.Id) > 0));
        }
        var page = await rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Take(limit + 1).ToListAsync(ct);
        var views = new List<RefundView>();
        foreach (var row in page.Take(limit)) views.Add(await RefundRecords.View(db, row, ct));
        return ListView<RefundView>.Of(views, page.Count > limit);
    }
}
