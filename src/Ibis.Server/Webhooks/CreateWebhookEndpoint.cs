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

public sealed record CreateWebhookEndpointCommand(string? Url, IReadOnlyList<string>? EventTypes, string? Description);

/// <summary>
/// A licensee or a provider subscribes an https URL to some of the fixed events (issue 19.4). Each endpoint gets
/// its own ECDSA P-256 key: the server signs with the private key (kept encrypted under the key-encryption key),
/// the receiver verifies with the public key shown in the answer — a key that is never secret can be shown at
/// every read.
/// </summary>
internal sealed class CreateWebhookEndpoint(IbisDb db, CommandPipeline pipeline, FieldProtector fields, TimeProvider clock)
{
    public Task<WebhookEndpointView> Handle(Caller caller, CreateWebhookEndpointCommand command, CancellationToken ct) => pipeline.Run(caller, WebhookEndpoints.Access, async ct =>
    {
        var owner = WebhookEndpoints.Owner(caller);
        Rules.Check(new WebhookUrlMustBeHttpsRule(command.Url, caller.IsSandbox));
        Rules.Check(new WebhookEventTypesMustBeKnownRule(command.EventTypes));
        if (command.Description is { Length: > 200 })
            throw ApiException.Invalid("description_too_long", "description holds at most 200 characters", "description");
        Rules.Check(new WebhookEndpointLimitRule(await WebhookEndpoints.Owned(db, caller, owner).CountAsync(e => e.DeletedAt == null, ct)));
        var id = Ids.New("we");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var row = new WebhookEndpointRow
        {
            Id = id, OwnerId = owner, Sandbox = caller.IsSandbox, Url = command.Url!, EventTypes = string.Join(',', command.EventTypes!),
            Description = command.Description, KeyId = Ids.New("whk"), PublicKey = key.ExportSubjectPublicKeyInfo(),
            PrivateKeyEncrypted = fields.Protect(Convert.ToBase64String(key.ExportPkcs8PrivateKey()), WebhookEndpoints.KeyContext(id)),
            CreatedBy = caller.UserOrKeyId, CreatedAt = clock.GetUtcNow(),
        };
        db.WebhookEndpoints.Add(row);
        return WebhookEndpointView.From(row);
    }, ct);
}
