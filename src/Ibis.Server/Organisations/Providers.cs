using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Organisations;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Organisations;

public sealed record AuthorizeProviderCommand(string? Name, string? AuthorizedOn, string? AdministratorEmail);

public sealed record ChangeProviderStatusCommand(string? Status, string? Reason, string? EffectiveOn);

public sealed record RecordOwnershipChangeCommand(string? Acquirer, string? Evidence, string? EffectiveOn);

public sealed record ProviderEventView(string Id, string Kind, string Detail, DateOnly EffectiveOn, DateTimeOffset RecordedAt);

public sealed record ProviderView(string Id, string Object, string Name, string Status, DateOnly? AuthorizedOn, string? StatusReason, string Mode, DateTimeOffset CreatedAt, IReadOnlyList<ProviderEventView> History)
{
    public static ProviderView From(ProviderRow p, IEnumerable<ProviderEventRow> events) => new(
        p.Id, "provider", p.Name, p.Status.ToText(), p.AuthorizedOn, p.StatusReason, p.Sandbox ? "test" : "live", p.CreatedAt,
        events.OrderBy(e => e.CreatedAt).Select(e => new ProviderEventView(e.Id, e.Kind, e.Detail, e.EffectiveOn, e.CreatedAt)).ToList());
}

public sealed record AuthorizedProvider(ProviderView Provider, IssuedInvitation AdministratorInvitation);

/// <summary>
/// The Postal Service's side of providers (39 CFR 502.1–502.5): it authorizes a qualified provider in
/// writing (the date of the written authorization is recorded) and invites the provider's first
/// administrator; it suspends, reinstates or revokes the authorization; it records changes of
/// ownership or control. Every change is kept in the provider's history.
/// </summary>
public sealed class Providers(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = Access.For(OrganisationRoles.Postal);

    public Task<AuthorizedProvider> Authorize(Caller caller, AuthorizeProviderCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var name = (command.Name ?? "").Trim();
        if (name.Length is 0 or > 200)
            throw new BusinessRuleViolationException(new BrokenRule("name_required", "the provider's name (1 to 200 characters) is required", "name", RuleKind.BadInput));
        var authorizedOn = ParseDate(command.AuthorizedOn, "authorized_on");
        var email = Invitations.NormalizeEmail(command.AdministratorEmail, "administrator_email");
        await InviteUser.UserMustNotExist(db, email, ct);
        var now = clock.GetUtcNow();
        var provider = new ProviderRow
        {
            Id = Ids.New("prv"), Name = name, Status = ProviderStatus.Authorized, AuthorizedOn = authorizedOn,
            StatusChangedAt = now, Sandbox = caller.IsSandbox, CreatedAt = now,
        };
        db.Providers.Add(provider);
        var authorized = Record(provider, "authorized", $"authorized in writing on {authorizedOn:yyyy-MM-dd} (39 CFR 502.2)", authorizedOn, caller, now);
        var invitation = Invitations.Issue(db, email, OrganisationRoles.Provider, administrator: true, null, provider.Id, caller.IsSandbox, caller.UserOrKeyId, now);
        return new AuthorizedProvider(ProviderView.From(provider, [authorized]), invitation);
    }, ct);

    public Task<ProviderView> ChangeStatus(Caller caller, string providerId, ChangeProviderStatusCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var provider = await Find(caller, providerId, ct);
        var to = ProviderStatuses.Parse(command.Status);
        if (!to.Success) throw new BusinessRuleViolationException(new BrokenRule(to.ErrorCode!, to.ErrorMessage!, "status", RuleKind.BadInput));
        Rules.Check(new ProviderStatusChangeMustBeAllowedRule(provider.Status, to.Value));
        var reason = (command.Reason ?? "").Trim();
        if (to.Value != ProviderStatus.Authorized && reason.Length == 0)
            throw new BusinessRuleViolationException(new BrokenRule("reason_required", "state the reason for the suspension or revocation (39 CFR 502.5(b))", "reason", RuleKind.BadInput));
        var now = clock.GetUtcNow();
        var effective = command.EffectiveOn is null ? DateOnly.FromDateTime(now.UtcDateTime) : ParseDate(command.EffectiveOn, "effective_on");
        provider.Status = to.Value;
        provider.StatusReason = reason.Length == 0 ? null : reason;
        provider.StatusChangedAt = now;
        var kind = to.Value == ProviderStatus.Authorized ? "reinstated" : to.Value.ToText();
        Record(provider, kind, reason.Length == 0 ? "authorization reinstated" : reason, effective, caller, now);
        return await View(provider, ct);
    }, ct);

    /// <summary>
    /// A change of standing that a sanction procedure makes (Sanctions): it takes effect, is stayed, ends.
    /// Recorded in the provider's history like a change by hand; the caller's transaction saves it.
    /// </summary>
    internal static void Apply(IbisDb db, ProviderRow provider, ProviderStatus to, string kind, string detail, string recordedBy, DateTimeOffset now)
    {
        Rules.Check(new ProviderStatusChangeMustBeAllowedRule(provider.Status, to));
        provider.Status = to;
        provider.StatusReason = to == ProviderStatus.Authorized ? null : detail;
        provider.StatusChangedAt = now;
        db.ProviderEvents.Add(new ProviderEventRow
        {
            Id = Ids.New("pev"), ProviderId = provider.Id, Kind = kind, Detail = detail, EffectiveOn = DateOnly.FromDateTime(now.UtcDateTime), RecordedBy = recordedBy, CreatedAt = now,
        });
    }

    public Task<ProviderView> RecordOwnershipChange(Caller caller, string providerId, RecordOwnershipChangeCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var provider = await Find(caller, providerId, ct);
        Rules.Check(new OwnershipChangeMustNameAcquirerRule(command.Acquirer));
        var now = clock.GetUtcNow();
        var effective = command.EffectiveOn is null ? DateOnly.FromDateTime(now.UtcDateTime) : ParseDate(command.EffectiveOn, "effective_on");
        var evidence = string.IsNullOrWhiteSpace(command.Evidence) ? "" : $"; evidence of integrity and financial responsibility: {command.Evidence.Trim()}";
        Record(provider, "ownership_change", $"ownership or control acquired by {command.Acquirer!.Trim()}{evidence} (39 CFR 502.3)", effective, caller, now);
        return await View(provider, ct);
    }, ct);

    /// <summary>The Postal Service sees every provider of its mode; a provider sees itself.</summary>
    public async Task<IReadOnlyList<ProviderView>> List(Caller caller, CancellationToken ct)
    {
        var query = db.Providers.AsNoTracking().Where(p => p.Sandbox == caller.IsSandbox);
        if (caller.Organisation == OrganisationKind.Provider) query = query.Where(p => p.Id == caller.ProviderId);
        else if (caller.Organisation == OrganisationKind.Licensee) return [];
        var providers = await query.OrderBy(p => p.Name).ToListAsync(ct);
        var ids = providers.Select(p => p.Id).ToList();
        var events = await db.ProviderEvents.AsNoTracking().Where(e => ids.Contains(e.ProviderId)).ToListAsync(ct);
        return providers.Select(p => ProviderView.From(p, events.Where(e => e.ProviderId == p.Id))).ToList();
    }

    public async Task<ProviderView> Get(Caller caller, string providerId, CancellationToken ct)
    {
        var all = await List(caller, ct);
        return all.FirstOrDefault(p => p.Id == providerId) ?? throw NotFound(providerId);
    }

    private async Task<ProviderRow> Find(Caller caller, string providerId, CancellationToken ct) =>
        await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId && p.Sandbox == caller.IsSandbox, ct) ?? throw NotFound(providerId);

    private async Task<ProviderView> View(ProviderRow provider, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var events = await db.ProviderEvents.Where(e => e.ProviderId == provider.Id).ToListAsync(ct);
        return ProviderView.From(provider, events);
    }

    private ProviderEventRow Record(ProviderRow provider, string kind, string detail, DateOnly effectiveOn, Caller caller, DateTimeOffset now)
    {
        var row = new ProviderEventRow { Id = Ids.New("pev"), ProviderId = provider.Id, Kind = kind, Detail = detail, EffectiveOn = effectiveOn, RecordedBy = caller.UserOrKeyId, CreatedAt = now };
        db.ProviderEvents.Add(row);
        return row;
    }

    private static BusinessRuleViolationException NotFound(string providerId) =>
        new(new BrokenRule("provider_not_found", $"no provider '{providerId}' exists", null, RuleKind.NotFound));

    internal static DateOnly ParseDate(string? text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new BusinessRuleViolationException(new BrokenRule("date_invalid", $"'{text}' is not a date (YYYY-MM-DD)", field, RuleKind.BadInput));
}
