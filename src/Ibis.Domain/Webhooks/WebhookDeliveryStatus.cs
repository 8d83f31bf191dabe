namespace Ibis.Domain.Webhooks;

/// <summary>Where one event's delivery to one endpoint stands (issue 19); stored as pending | delivered | failed | cancelled.</summary>
[StoredAsText]
public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet: the next attempt is due at its time, with backoff after a failure.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up after the last attempt.</summary>
    Failed,

    /// <summary>The endpoint was deleted before the event reached it.</summary>
    Cancelled,
}
