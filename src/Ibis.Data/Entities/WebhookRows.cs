using Ibis.Domain.Webhooks;

namespace Ibis.Data.Entities;

/// <summary>
/// An organisation's webhook subscription: where to POST which events, and the ECDSA P-256 key that
/// signs them. The private key is kept encrypted under the key-encryption key; only the public key
/// and its id ever leave the server.
/// </summary>
public sealed class WebhookEndpointRow
{
    public required string Id { get; set; }
    /// <summary>The organisation that owns it: a licensee id or a provider id.</summary>
    public required string OwnerId { get; set; }
    public bool Sandbox { get; set; }
    public required string Url { get; set; }
    /// <summary>The subscribed event types, separated by commas (from the fixed list).</summary>
    public required string EventTypes { get; set; }
    public string? Description { get; set; }
    public required string KeyId { get; set; }
    public required byte[] PublicKey { get; set; }
    public required byte[] PrivateKeyEncrypted { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>
/// The webhook outbox: one event for one receiving organisation, written in the same transaction as
/// the change it reports. The dispatcher turns it into deliveries once (<see cref="DispatchedAt"/>).
/// </summary>
public sealed class WebhookEventRow
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    /// <summary>The receiving organisation: a licensee id or a provider id.</summary>
    public required string RecipientId { get; set; }
    /// <summary>The event's data object as JSON: ids, statuses and amounts, never personal data.</summary>
    public required string Data { get; set; }
    /// <summary>Makes an event that a periodic check raises (watchdog.near) unique: raised once per subject and deadline.</summary>
    public string? DedupeKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
}

/// <summary>One event for one endpoint: pending until delivered, retried with backoff, failed after the last attempt.</summary>
public sealed class WebhookDeliveryRow
{
    public required string Id { get; set; }
    public required string EndpointId { get; set; }
    public required string EventId { get; set; }
    public required string EventType { get; set; }
    public required WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A node sending this delivery holds it until then; another node may take it over afterwards.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>One HTTP attempt of a delivery, for the delivery log.</summary>
public sealed class WebhookAttemptRow
{
    public required string DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}
