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

/// <summary>
/// An organisation's webhook endpoints (issue 19.4): a licensee or a provider subscribes a URL to some
/// of the fixed events, lists, reads and deletes its own endpoints — never another organisation's,
/// which look as if they did not exist. Each endpoint gets its own ECDSA P-256 key: the server signs
/// with the private key (kept encrypted under the key-encryption key), the receiver verifies with the
/// public key shown here; a key that is never secret can be shown at every read.
/// </summary>
public sealed class ManageWebhookEndpoints(IbisDb db, CommandPipeline pipeline, FieldProtector fields, TimeProvider clock)
{
    public static readonly Access Access = Access.For(Caller.LicenseeRole, Caller.ProviderRole);

    public Task<WebhookEndpointView> Create(Caller caller, CreateWebhookEndpointCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var owner = Owner(caller);
        Rules.Check(new WebhookUrlMustBeHttpsRule(command.Url, caller.IsSandbox));
        Rules.Check(new WebhookEventTypesMustBeKnownRule(command.EventTypes));
        if (command.Description is { Length: > 200 })
            throw ApiException.Invalid("description_too_long", "description holds at most 200 characters", "description");
        Rules.Check(new WebhookEndpointLimitRule(await Owned(caller, owner).CountAsync(e => e.DeletedAt == null, ct)));
        var id = Ids.New("we");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var row = new WebhookEndpointRow
        {
            Id = id, OwnerId = owner, Sandbox = caller.IsSandbox, Url = command.Url!, EventTypes = string.Join(',', command.EventTypes!),
            Description = command.Description, KeyId = Ids.New("whk"), PublicKey = key.ExportSubjectPublicKeyInfo(),
            PrivateKeyEncrypted = fields.Protect(Convert.ToBase64String(key.ExportPkcs8PrivateKey()), KeyContext(id)),
            CreatedBy = caller.UserOrKeyId, CreatedAt = clock.GetUtcNow(),
        };
        db.WebhookEndpoints.Add(row);
        return WebhookEndpointView.From(row);
    }, ct);

    public async Task<IReadOnlyList<WebhookEndpointView>> List(Caller caller, CancellationToken ct)
    {
        Access.Authorize(caller);
        var rows = await Owned(caller, Owner(caller)).Where(e => e.DeletedAt == null).OrderByDescending(e => e.CreatedAt).ToListAsync(ct);
        return rows.Select(WebhookEndpointView.From).ToList();
    }

    public async Task<WebhookEndpointView> Get(Caller caller, string id, CancellationToken ct)
    {
        Access.Authorize(caller);
        return WebhookEndpointView.From(await Find(caller, id, ct));
    }

    /// <summary>Deleting stops deliveries at once: pending ones are cancelled, the log stays readable.</summary>
    public Task<WebhookEndpointView> Delete(Caller caller, string id, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await Find(caller, id, ct);
        if (row.DeletedAt is not null) throw ApiException.NotFound("webhook_endpoint", id);
        db.Attach(row);
        row.DeletedAt = clock.GetUtcNow();
        await db.WebhookDeliveries.Where(d => d.EndpointId == row.Id && d.Status == WebhookDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Cancelled), ct);
        return WebhookEndpointView.From(row);
    }, ct);

    /// <summary>The caller's own endpoint (deleted ones too, for their delivery log), or 404.</summary>
    internal async Task<WebhookEndpointRow> Find(Caller caller, string id, CancellationToken ct) =>
        await Owned(caller, Owner(caller)).FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw ApiException.NotFound("webhook_endpoint", id);

    private IQueryable<WebhookEndpointRow> Owned(Caller caller, string owner) =>
        db.WebhookEndpoints.AsNoTracking().Where(e => e.OwnerId == owner && e.Sandbox == caller.IsSandbox);

    /// <summary>The organisation a caller acts for: its licensee or its provider.</summary>
    internal static string Owner(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole when caller.LicenseeId is { } l => l,
        Caller.ProviderRole when caller.ProviderId is { } p => p,
        _ => throw new ApiException(403, "forbidden", "webhook endpoints belong to a licensee or a provider organisation"),
    };

    internal static string KeyContext(string endpointId) => $"webhook_endpoints/{endpointId}/signing_key";
}
