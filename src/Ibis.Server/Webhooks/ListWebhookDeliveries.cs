using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Webhooks;

public sealed record WebhookAttemptView(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookDeliveryView(string Id, string Object, string EndpointId, string EventId, string EventType, string Status, int Attempts,
    int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt,
    IReadOnlyList<WebhookAttemptView> AttemptLog);

public sealed record WebhookDeliveryList(string Object, IReadOnlyList<WebhookDeliveryView> Data, bool HasMore);

/// <summary>
/// The delivery log of one of the caller's endpoints, newest first, with every attempt's answer:
/// what a receiver's operator reads to see why an event did not arrive. Cursor pagination:
/// <c>limit</c> (1–100, default 20) and <c>starting_after</c> (a delivery id of the previous page).
/// </summary>
public sealed class ListWebhookDeliveries(IbisDb db, ManageWebhookEndpoints endpoints)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public async Task<WebhookDeliveryList> Handle(Caller caller, string endpointId, int? limit, string? startingAfter, CancellationToken ct)
    {
        ManageWebhookEndpoints.Access.Authorize(caller);
        var endpoint = await endpoints.Find(caller, endpointId, ct);
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) throw ApiException.Invalid("limit_invalid", $"limit is 1 to {MaxLimit}", "limit");
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint.Id);
        if (startingAfter is not null)
        {
            var cursor = await query.FirstOrDefaultAsync(d => d.Id == startingAfter, ct)
                ?? throw ApiException.Invalid("starting_after_invalid", $"{startingAfter} is not a delivery of this endpoint", "starting_after");
            query = query.Where(d => d.CreatedAt < cursor.CreatedAt || (d.CreatedAt == cursor.CreatedAt && string.Compare(d.Id, cursor.Id) < 0));
        }
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var ids = page.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return new WebhookDeliveryList("list", page.Select(d => View(d, attempts[d.Id])).ToList(), rows.Count > take);
    }

    private static WebhookDeliveryView View(WebhookDeliveryRow d, IEnumerable<WebhookAttemptRow> attempts) => new(
        d.Id, "webhook_delivery", d.EndpointId, d.EventId, d.EventType, d.Status, d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt,
        d.Status == "pending" ? d.NextAttemptAt : null, d.DeliveredAt,
        attempts.OrderBy(a => a.Number).Select(a => new WebhookAttemptView(a.Number, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs)).ToList());
}
