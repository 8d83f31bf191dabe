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
/// A new API key, shown this once. API keys belong to an organisation and act with a role it may grant, in the caller's mode
/// (<c>ibis_test_…</c> for the sandbox, <c>ibis_live_…</c> for live): every user its own keys with its own role,
/// an administrator all of its organisation's keys with any role it may grant.
/// </summary>
public sealed class CreateApiKey(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public Task<CreatedApiKey> Handle(Caller caller, CreateApiKeyCommand command, CancellationToken ct) => pipeline.Run(caller, null, ct =>
    {
        ApiKeyRecords.Authorize(caller);
        var role = command.Role ?? caller.Role;
        Rules.Check(new RoleMustBeGrantableRule(caller.Organisation, role));
        if (!caller.IsAdministrator && role != caller.Role)
            throw new BusinessRuleViolationException(new BrokenRule("role_not_grantable", $"your keys act with your own role ({caller.Role}); an administrator may create keys for other roles", "role", RuleKind.Forbidden));
        if (command.Name is { Length: > 100 })
            throw new BusinessRuleViolationException(new BrokenRule("name_too_long", "a key's name is at most 100 characters", "name", RuleKind.BadInput));
        return Task.FromResult(ApiKeyRecords.Issue(db, caller, role, command.Name, null, clock.GetUtcNow()));
    }, ct);
}
