using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record CreateApiKeyCommand(string? Name, string? Role);

/// <summary>A key as listed: its prefix only, never the key.</summary>
public sealed record ApiKeyView(string Id, string Object, string? Name, string Prefix, string Role, string Mode, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RotatedFrom)
{
    public static ApiKeyView From(ApiKeyRow k) => new(k.Id, "api_key", k.Name, k.Prefix + "…", k.Role, k.Mode, k.CreatedAt, k.RevokedAt, k.RotatedFrom);
}

/// <summary>A key as created: the whole key, shown this once.</summary>
public sealed record CreatedApiKey(string Id, string Object, string? Name, string Key, string Prefix, string Role, string Mode, DateTimeOffset CreatedAt, string? RotatedFrom);

/// <summary>
/// API keys belong to an organisation and act with a role it may grant, in the caller's mode
/// (<c>ibis_test_…</c> for the sandbox, <c>ibis_live_…</c> for live). Administrators create, list
/// (prefix only), rotate (a new key; the old one stops at once) and revoke them: every user its own
/// keys with its own role, an administrator all of its organisation's keys with any role it may grant.
/// A revoked key is refused on its next request because every request looks the key up.
/// </summary>
public sealed class ManageApiKeys(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    private static readonly Access Access = new(Caller.Roles);

    // Every user manages its own keys, an administrator every key of its organisation; keys are
    // managed from a signed-in session only, so a leaked key cannot mint more keys.
    private static void Authorize(Caller caller)
    {
        Access.Authorize(caller);
        if (caller.ViaApiKey)
            throw new BusinessRuleViolationException(new BrokenRule("session_required", "API keys are managed from a signed-in session (POST /v1/sessions or the portal), not with an API key", null, RuleKind.Forbidden));
    }

    private static IQueryable<ApiKeyRow> Owned(IQueryable<ApiKeyRow> keys, Caller caller)
    {
        var scoped = OrganisationScope.Keys(keys, caller);
        return caller.IsAdministrator ? scoped : scoped.Where(k => k.CreatedBy == caller.UserOrKeyId);
    }

    public async Task<IReadOnlyList<ApiKeyView>> List(Caller caller, CancellationToken ct)
    {
        Authorize(caller);
        var rows = await Owned(db.ApiKeys.AsNoTracking(), caller).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return rows.Select(ApiKeyView.From).ToList();
    }

    public Task<CreatedApiKey> Create(Caller caller, CreateApiKeyCommand command, CancellationToken ct) => pipeline.Run(caller, null, ct =>
    {
        Authorize(caller);
        var role = command.Role ?? caller.Role;
        Rules.Check(new RoleMustBeGrantableRule(caller.Organisation, role));
        if (!caller.IsAdministrator && role != caller.Role)
            throw new BusinessRuleViolationException(new BrokenRule("role_not_grantable", $"your keys act with your own role ({caller.Role}); an administrator may create keys for other roles", "role", RuleKind.Forbidden));
        if (command.Name is { Length: > 100 })
            throw new BusinessRuleViolationException(new BrokenRule("name_too_long", "a key's name is at most 100 characters", "name", RuleKind.BadInput));
        return Task.FromResult(Issue(db, caller, role, command.Name, null, clock.GetUtcNow()));
    }, ct);

    public Task<CreatedApiKey> Rotate(Caller caller, string keyId, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        Authorize(caller);
        var old = await Find(caller, keyId, ct);
        var now = clock.GetUtcNow();
        old.RevokedAt = now;
        return Issue(db, caller, old.Role, old.Name, old.Id, now);
    }, ct);

    public Task<ApiKeyView> Revoke(Caller caller, string keyId, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        Authorize(caller);
        var key = await Find(caller, keyId, ct);
        key.RevokedAt = clock.GetUtcNow();
        return ApiKeyView.From(key);
    }, ct);

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

    private async Task<ApiKeyRow> Find(Caller caller, string keyId, CancellationToken ct) =>
        await Owned(db.ApiKeys, caller).FirstOrDefaultAsync(k => k.Id == keyId && k.RevokedAt == null, ct)
        ?? throw new BusinessRuleViolationException(new BrokenRule("api_key_not_found", $"no active API key '{keyId}' exists in your organisation", null, RuleKind.NotFound));
}
