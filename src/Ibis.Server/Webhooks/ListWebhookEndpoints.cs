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

/// <summary>An organisation's own webhook endpoints, newest first, and one of them — never another organisation's, which look as if they did not exist.</summary>
internal sealed class ListWebhookEndpoints(IbisDb db)
{
    public async Task<IReadOnlyList<WebhookEndpointView>> Handle(Caller caller, CancellationToken ct)
    {
        WebhookEndpoints.Access.Authorize(caller);
        var rows = await WebhookEndpoints.Owned(db, caller, WebhookEndpoints.Owner(caller)).Where(e => e.DeletedAt == null).OrderByDescending(e => e.CreatedAt).ToListAsync(ct);
        return rows.Select(WebhookEndpointView.From).ToList();
    }

    public async Task<WebhookEndpointView> Get(Caller caller, string id, CancellationToken ct)
    {
        WebhookEndpoints.Access.Authorize(caller);
        return WebhookEndpointView.From(await WebhookEndpoints.Find(db, caller, id, ct));
    }
}
