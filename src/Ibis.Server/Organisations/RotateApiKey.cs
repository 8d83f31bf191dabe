using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>
/// A new key in place of an old one, with its name and role; the old one stops at once.
/// </summary>
public sealed class RotateApiKey(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<CreatedApiKey> Handle(Caller caller, string keyId, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        ApiKeyRecords.Authorize(caller);
        var old = await ApiKeyRecords.Find(db, caller, keyId, ct);
        var now = clock.GetUtcNow();
        old.RevokedAt = now;
        return ApiKeyRecords.Issue(db, caller, old.Role, old.Name, old.Id, now);
    }, ct);
}
