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

/// <summary>
/// 39 CFR 502.2: the Postal Service authorizes a qualified provider in writing (the date of the written
/// authorization is recorded) and invites the provider's first administrator; kept in the provider's history.
/// </summary>
public sealed class AuthorizeProvider(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = ProviderRecords.Postal;

    public Task<AuthorizedProvider> Handle(Caller caller, AuthorizeProviderCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var name = (command.Name ?? "").Trim();
        if (name.Length is 0 or > 200)
            throw new BusinessRuleViolationException(new BrokenRule("name_required", "the provider's name (1 to 200 characters) is required", "name", RuleKind.BadInput));
        var authorizedOn = ProviderRecords.ParseDate(command.AuthorizedOn, "authorized_on");
        var email = Invitations.NormalizeEmail(command.AdministratorEmail, "administrator_email");
        await InviteUser.UserMustNotExist(db, email, ct);
        var now = clock.GetUtcNow();
        var provider = new ProviderRow
        {
            Id = Ids.New("prv"), Name = name, Status = ProviderStatus.Authorized, AuthorizedOn = authorizedOn,
            StatusChangedAt = now, Sandbox = caller.IsSandbox, CreatedAt = now,
        };
        db.Providers.Add(provider);
        var authorized = ProviderRecords.Record(db, provider, "authorized", $"authorized in writing on {authorizedOn:yyyy-MM-dd} (39 CFR 502.2)", authorizedOn, caller, now);
        var invitation = Invitations.Issue(db, email, OrganisationRoles.Provider, administrator: true, null, provider.Id, caller.IsSandbox, caller.UserOrKeyId, now);
        return new AuthorizedProvider(ProviderView.From(provider, [authorized]), invitation);
    }, ct);
}
