using System.Security.Cryptography;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Webhooks;
using Ibis.Security.Fields;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Webhooks;

/// <summary>An organisation deletes one of its webhook endpoints: deliveries stop at once, its delivery log stays readable.</summary>
internal sealed class DeleteWebhookEndpoint(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    /// <summary>Deleting stops deliveries at once: pending ones are cancelled, the log stays readable.</summary>
    public Task<WebhookEndpointView> Handle(Caller caller, string id, CancellationToken ct) => pipeline.Run(caller, WebhookEndpoints.Access, async ct =>
    {
        var row = await WebhookEndpoints.Find(db, caller, id, ct);
        if (row.DeletedAt is not null) throw ApiException.NotFound("webhook_endpoint", id);
        db.Attach(row);
        row.DeletedAt = clock.GetUtcNow();
        await db.WebhookDeliveries.Where(d => d.EndpointId == row.Id && d.Status == WebhookDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Cancelled), ct);
        return WebhookEndpointView.From(row);
    }, ct);
}
