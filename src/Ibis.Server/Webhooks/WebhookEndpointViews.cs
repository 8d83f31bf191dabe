using System.Security.Cryptography;
using Ibis.Data.Entities;

namespace Ibis.Server.Webhooks;

/// <summary>How deliveries to an endpoint are signed: the public key to verify them with, and its id.</summary>
public sealed record WebhookSigningView(string Algorithm, string KeyId, string PublicKeyPem, string Header, int ReplayWindowSeconds);

public sealed record WebhookEndpointView(string Id, string Object, string Url, IReadOnlyList<string> EventTypes, string? Description, string Status,
    WebhookSigningView Signing, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt)
{
    public static WebhookEndpointView From(WebhookEndpointRow r) => new(r.Id, "webhook_endpoint", r.Url, r.EventTypes.Split(','), r.Description,
        r.DeletedAt is null ? "enabled" : "deleted",
        new WebhookSigningView("ECDSA P-256 SHA-256 (IEEE P1363)", r.KeyId, PemEncoding.WriteString("PUBLIC KEY", r.PublicKey), WebhookSignature.Header,
            (int)WebhookSignature.ReplayWindow.TotalSeconds),
        r.CreatedAt, r.DeletedAt);
}
