using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Webhooks;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Webhooks;

public sealed record WebhookAttemptView(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookDeliveryView(string Id, string Object, string EndpointId, string EventId, string EventType, string Status, int Attempts,
    int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt,
    IReadOnlyList<WebhookAttemptView> AttemptLog);

/// <summary>
/// The delivery log of one of the caller's endpoints, newest first, with every attempt's answer:
/// what a receiver's operator reads to see why an event did not arrive. Pages as every list
/// (<see cref="PageQuery"/>: <c>limit</c>, <c>starting_after</c> / <c>ending_before</c> a delivery id, <c>created[gte|lt]</c>).
/// </summary>
internal sealed class ListWebhookDeliveries(IbisDb db)
{
    private static readonly ListOrder<WebhookDeliveryRow, DateTimeOffset> Order = Lists.NewestFirst<WebhookDeliveryRow>(d => d.CreatedAt, d => d.Id);

    public async Task<ListView<WebhookDeliveryView>> Handle(Caller caller, string endpointId, PageQuery page, CancellationToken ct)
    {
        WebhookEndpoints.Access.Authorize(caller);
        var endpoint = await WebhookEndpoints.Find(db, caller, endpointId, ct);
        var rows = await Lists.Rows(db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint.Id), page, Order, ct);
        var ids = rows.Rows.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return ListView<WebhookDeliveryView>.Of(rows.Rows.Select(d => View(d, attempts[d.Id])).ToList(), rows.HasMore);
    }

    private static WebhookDeliveryView View(WebhookDeliveryRow d, IEnumerable<WebhookAttemptRow> attempts) => new(
        d.Id, "webhook_delivery", d.EndpointId, d.EventId, d.EventType, d.Status.ToText(), d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt,
        d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt,
        attempts.OrderBy(a => a.Number).Select(a => new WebhookAttemptView(a.Number, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs)).ToList());
}
