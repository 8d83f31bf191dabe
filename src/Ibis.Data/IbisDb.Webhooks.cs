using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Data;

// Webhooks: organisations' subscriptions, the event outbox, deliveries and their attempts.
public abstract partial class IbisDb
{
    public DbSet<WebhookEndpointRow> WebhookEndpoints => Set<WebhookEndpointRow>();
    public DbSet<WebhookEventRow> WebhookEvents => Set<WebhookEventRow>();
    public DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();
    public DbSet<WebhookAttemptRow> WebhookAttempts => Set<WebhookAttemptRow>();

    partial void ConfigureWebhooks(ModelBuilder b)
    {
        b.Entity<WebhookEndpointRow>(e =>
        {
            e.ToTable("webhook_endpoints");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.OwnerId, x.Sandbox });
            e.HasIndex(x => x.KeyId).IsUnique();
        });
        b.Entity<WebhookEventRow>(e =>
        {
            e.ToTable("webhook_events");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DispatchedAt, x.CreatedAt });
            e.HasIndex(x => x.RecipientId);
            e.HasIndex(x => x.DedupeKey).IsUnique();
        });
        b.Entity<WebhookDeliveryRow>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.EndpointId, x.EventId }).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => new { x.EndpointId, x.CreatedAt });
        });
        b.Entity<WebhookAttemptRow>(e =>
        {
            e.ToTable("webhook_attempts");
            e.HasKey(x => new { x.DeliveryId, x.Number });
        });
    }
}
