using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>
/// A key revoked is refused from its next request: every request looks the key up, and the caches hear of the
/// revocation when it commits (Auth/ApiKeyCache, the cache signal).
/// </summary>
public sealed class RevokeApiKey(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<ApiKeyView> Handle(Caller caller, string keyId, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        ApiKeyRecords.Authorize(caller);
        var key = await ApiKeyRecords.Find(db, caller, keyId, ct);
        key.RevokedAt = clock.GetUtcNow();
        return ApiKeyView.From(key);
    }, ct);
}
