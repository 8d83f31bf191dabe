using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

/// <summary>
/// API keys belong to an organisation and act with a role it may grant, in the caller's mode
/// (<c>ibis_test_…</c> for the sandbox, <c>ibis_live_…</c> for live): every user its own keys with its own role,
/// an administrator all of its organisation's keys with any role it may grant.
/// What the key use cases share: who may manage keys and which, finding one, and issuing one.
/// </summary>
internal static class ApiKeyRecords
{
    public static readonly Access Access = new(Caller.Roles);

    // Every user manages its own keys, an administrator every key of its organisation; keys are
    // managed from a signed-in session only, so a leaked key cannot mint more keys.
    public static void Authorize(Caller caller)
    {
        Access.Authorize(caller);
        if (caller.ViaApiKey)
            throw new BusinessRuleViolationException(new BrokenRule("session_required", "API keys are managed from a signed-in session (POST /v1/sessions or the portal), not with an API key", null, RuleKind.Forbidden));
    }

    public static IQueryable<ApiKeyRow> Owned(IQueryable<ApiKeyRow> keys, Caller caller)
    {
        var scoped = OrganisationScope.Keys(keys, caller);
        return caller.IsAdministrator ? scoped : scoped.Where(k => k.CreatedBy == caller.UserOrKeyId);
    }

    /// <summary>Adds a key for the caller's organisation; used by the sandbox too, so its keys are made the same way.</summary>
    public static CreatedApiKey Issue(IbisDb db, Caller caller, string role, string? name, string? rotatedFrom, DateTimeOffset now)
    {
        var key = ApiKeys.NewKey(test: caller.IsSandbox);
        var row = new ApiKeyRow
        {
            Id = Ids.New("key"), Prefix = key[..14], Hash = ApiKeys.Hash(key), Mode = caller.IsSandbox ? "test" : "live", Role = role,
            LicenseeId = caller.LicenseeId, ProviderId = caller.ProviderId, Name = name, CreatedBy = caller.UserOrKeyId, RotatedFrom = rotatedFrom, CreatedAt = now,
        };
        db.ApiKeys.Add(row);
        return new CreatedApiKey(row.Id, "api_key", name, key, row.Prefix + "…", role, row.Mode, now, rotatedFrom);
    }

    public static async Task<ApiKeyRow> Find(IbisDb db, Caller caller, string keyId, CancellationToken ct) =>
        await Owned(db.ApiKeys, caller).FirstOrDefaultAsync(k => k.Id == keyId && k.RevokedAt == null, ct)
        ?? throw new BusinessRuleViolationException(new BrokenRule("api_key_not_found", $"no active API key '{keyId}' exists in your organisation", null, RuleKind.NotFound));
}
