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

/// <summary>
/// What the webhook-endpoint use cases share: who may have endpoints (a licensee or a provider organisation), the
/// caller's own endpoints, and the context the signing key is encrypted under.
/// </summary>
internal static class WebhookEndpoints
{
    public static readonly Access Access = Access.For(Caller.LicenseeRole, Caller.ProviderRole);

    /// <summary>The caller's own endpoint (deleted ones too, for their delivery log), or 404.</summary>
    public static async Task<WebhookEndpointRow> Find(IbisDb db, Caller caller, string id, CancellationToken ct) =>
        await Owned(db, caller, Owner(caller)).FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw ApiException.NotFound("webhook_endpoint", id);

    public static IQueryable<WebhookEndpointRow> Owned(IbisDb db, Caller caller, string owner) =>
        db.WebhookEndpoints.AsNoTracking().Where(e => e.OwnerId == owner && e.Sandbox == caller.IsSandbox);

    /// <summary>The organisation a caller acts for: its licensee or its provider.</summary>
    public static string Owner(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole when caller.LicenseeId is { } l => l,
        Caller.ProviderRole when caller.ProviderId is { } p => p,
        _ => throw new ApiException(403, "forbidden", "webhook endpoints belong to a licensee or a provider organisation"),
    };

    public static string KeyContext(string endpointId) => $"webhook_endpoints/{endpointId}/signing_key";
}
