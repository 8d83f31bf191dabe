using Ibis.Data;
using Ibis.Domain;
using Ibis.Domain.Refunds;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Refunds;

public sealed record ListRefundsQuery(string? Status, PageQuery Page);

/// <summary>Reading refunds: one by id, or a page of the caller's refunds, newest first (cursor: <c>starting_after</c>).</summary>
public sealed class RefundQueries(IbisDb db)
{
    public async Task<RefundView> Get(Caller caller, string refundId, CancellationToken ct) =>
        await RefundRecords.View(db, await RefundRecords.Load(db, caller, refundId, ct), ct);

    public Task<ListView<RefundView>> List(Caller caller, ListRefundsQuery query, CancellationToken ct)
    {
        var rows = RefundRecords.Visible(db, caller).AsNoTracking();
        if (query.Status is { Length: > 0 } text)
        {
            if (!EnumText<RefundStatus>.TryParse(text, out var status))
                throw new BusinessRuleViolationException(new BrokenRule("status_invalid",
                    $"status is one of {string.Join(", ", EnumText<RefundStatus>.All)}", "status", RuleKind.BadInput));
            rows = rows.Where(r => r.Status == status);
        }
        return Lists.Page(rows, query.Page, Lists.NewestFirst<Ibis.Data.Entities.RefundRequestRow>(r => r.CreatedAt, r => r.Id), row => RefundRecords.View(db, row, ct), ct);
    }
}
